import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const nm = (pattern: string) => new RegExp(`node_modules[\\\\/](${pattern})[\\\\/]`);

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // maplibre-gl and antd are each about 1 MB minified; they get chunks of their own (maplibre only on the map page).
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // The shared contracts package is pure declarations: unused schemas (and zod with them) may be dropped.
      treeshake: {
        moduleSideEffects: (id: string) => !/[\\/]contracts[\\/]src[\\/]/.test(id),
      },
      output: {
        codeSplitting: {
          groups: [
            // ECharts (with zrender) only on the statistics page.
            { name: 'echarts', test: nm('echarts|zrender|tslib'), priority: 35 },
            { name: 'react', test: nm('react|react-dom|scheduler|react-router|react-router-dom|cookie'), priority: 40 },
            {
              name: 'maplibre',
              test: nm('maplibre-gl|@maplibre|earcut|kdbush|pbf|gl-matrix|potpack|quickselect|tinyqueue|murmurhash-js'),
              priority: 30,
            },
            {
              name: 'antd',
              test: nm('antd|@ant-design|@rc-component|@emotion|stylis|dayjs|[^\\\\/]*rc-[^\\\\/]+'),
              priority: 20,
            },
            { name: 'vendor', test: /node_modules/, priority: 10 },
          ],
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
