import type { StyleSpecification } from 'maplibre-gl';
import type { PublicConfig } from '@yingji/contracts';

/** Style built in code: a plain background, plus a raster basemap only when a tile URL is configured. */
export function buildStyle(config: PublicConfig | undefined): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f4' } }],
  };
  if (config?.mapTileUrl) {
    style.sources.basemap = {
      type: 'raster',
      tiles: [config.mapTileUrl],
      tileSize: 256,
      maxzoom: 18,
      ...(config.mapAttribution ? { attribution: config.mapAttribution } : {}),
    };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
  }
  return style;
}
