import { GraphBuilder } from './road-import.js';
import type { RoadGraph } from './road-graph.js';
import { DIVISION_GEO } from './demo-city.geo.js';

/**
 * A synthetic road network for the demo city 阳泉市: no OpenStreetMap extract can
 * be downloaded on the machines this project is built on, so the demo generates
 * a plausible one — a jittered 1.2 km grid of local roads (30 km/h) over the city
 * with trunk roads (80 km/h) joining the county seats and the city centre. Real
 * deployments import an `.osm` extract or GeoJSON instead (ROAD_NETWORK).
 */
export function demoRoadNetwork(): RoadGraph {
  const b = new GraphBuilder();
  let seed = 20_260_001;
  const rnd = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const [minLon, minLat, maxLon, maxLat] = [112.95, 37.55, 114.05, 38.35];
  const step = 0.0135; // ≈ 1.2 km north–south
  const cols = Math.round((maxLon - minLon) / (step * 1.26)) + 1;
  const rows = Math.round((maxLat - minLat) / step) + 1;
  const grid: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: number[] = [];
    for (let c = 0; c < cols; c++) {
      const lon = minLon + c * step * 1.26 + (rnd() - 0.5) * step * 0.3;
      const lat = minLat + r * step + (rnd() - 0.5) * step * 0.3;
      row.push(b.node(lon, lat));
    }
    grid.push(row);
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const here = grid[r]?.[c] as number;
      // a few missing links make the grid less regular, like real terrain
      if (c + 1 < cols && rnd() > 0.08) b.road(here, grid[r]?.[c + 1] as number, 30, 'no');
      if (r + 1 < rows && rnd() > 0.08) b.road(here, grid[r + 1]?.[c] as number, 30, 'no');
    }
  }
  const nearestGrid = (lon: number, lat: number) => {
    const c = Math.min(cols - 1, Math.max(0, Math.round((lon - minLon) / (step * 1.26))));
    const r = Math.min(rows - 1, Math.max(0, Math.round((lat - minLat) / step)));
    return grid[r]?.[c] as number;
  };
  const seats = ['140300', '140302', '140303', '140311', '140321', '140322']
    .map((code) => DIVISION_GEO[code]?.centroid)
    .filter((c): c is { lon: number; lat: number } => !!c);
  const centre = seats[0];
  if (centre) {
    for (const s of seats.slice(1)) {
      // a trunk road from the centre to each county seat, through the grid nodes on the way
      const n = 12;
      let prev = nearestGrid(centre.lon, centre.lat);
      for (let i = 1; i <= n; i++) {
        const node = nearestGrid(
          centre.lon + ((s.lon - centre.lon) * i) / n,
          centre.lat + ((s.lat - centre.lat) * i) / n,
        );
        if (node !== prev) b.road(prev, node, 80, 'no');
        prev = node;
      }
    }
  }
  return b.build();
}
