import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Puts the big third-party libraries into chunks of their own so the app chunk stays small and cacheable. */
function vendorChunk(id: string): string | null {
  if (!id.includes('node_modules')) return null;
  if (/node_modules[\\/](maplibre-gl|@maplibre|earcut|kdbush|pbf|gl-matrix|potpack|quickselect|tinyqueue)[\\/]/.test(id))
    return 'maplibre';
  if (/node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|stylis|dayjs)[\\/]/.test(id)) return 'antd';
  if (/node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/.test(id)) return 'react';
  return 'vendor';
}

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: vendorChunk }],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: true },
    },
  },
});
