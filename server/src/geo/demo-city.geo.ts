/**
 * Approximate geography for the demo city 阳泉市 (140300) and label points for
 * Shanxi's cities. The polygons are simplified outlines, good enough to draw
 * the city on the one-map page without a tile server; they are not survey data.
 */
type Ring = [number, number][];

export interface DivisionGeo {
  centroid: { lon: number; lat: number };
  boundary?: { type: 'Polygon'; coordinates: Ring[] };
}

const poly = (ring: Ring) => ({ type: 'Polygon' as const, coordinates: [[...ring, ring[0] as [number, number]]] });

export const DIVISION_GEO: Record<string, DivisionGeo> = {
  '140000': { centroid: { lon: 112.29, lat: 37.57 } },
  '140100': { centroid: { lon: 112.55, lat: 37.87 } },
  '140200': { centroid: { lon: 113.3, lat: 40.08 } },
  '140300': {
    centroid: { lon: 113.58, lat: 37.86 },
    boundary: poly([
      [112.95, 38.35],
      [113.8, 38.35],
      [113.8, 37.97],
      [114.05, 37.97],
      [114.05, 37.55],
      [113.51, 37.55],
      [113.51, 37.72],
      [113.3, 37.72],
      [113.3, 37.97],
      [112.95, 37.97],
    ]),
  },
  '140302': {
    centroid: { lon: 113.6, lat: 37.865 },
    boundary: poly([
      [113.57, 37.84],
      [113.63, 37.84],
      [113.63, 37.89],
      [113.57, 37.89],
    ]),
  },
  '140303': {
    centroid: { lon: 113.54, lat: 37.865 },
    boundary: poly([
      [113.51, 37.84],
      [113.57, 37.84],
      [113.57, 37.89],
      [113.51, 37.89],
    ]),
  },
  '140311': {
    centroid: { lon: 113.41, lat: 37.85 },
    boundary: poly([
      [113.3, 37.72],
      [113.51, 37.72],
      [113.51, 37.89],
      [113.63, 37.89],
      [113.63, 37.84],
      [113.68, 37.84],
      [113.68, 37.97],
      [113.3, 37.97],
    ]),
  },
  '140321': {
    centroid: { lon: 113.8, lat: 37.74 },
    boundary: poly([
      [113.51, 37.55],
      [114.05, 37.55],
      [114.05, 37.97],
      [113.68, 37.97],
      [113.68, 37.84],
      [113.51, 37.84],
    ]),
  },
  '140322': {
    centroid: { lon: 113.38, lat: 38.15 },
    boundary: poly([
      [112.95, 37.97],
      [113.8, 37.97],
      [113.8, 38.35],
      [112.95, 38.35],
    ]),
  },
  '140400': { centroid: { lon: 113.12, lat: 36.2 } },
  '140500': { centroid: { lon: 112.85, lat: 35.49 } },
  '140600': { centroid: { lon: 112.43, lat: 39.33 } },
  '140700': { centroid: { lon: 112.75, lat: 37.69 } },
  '140800': { centroid: { lon: 111.0, lat: 35.03 } },
  '140900': { centroid: { lon: 112.73, lat: 38.42 } },
  '141000': { centroid: { lon: 111.52, lat: 36.09 } },
  '141100': { centroid: { lon: 111.14, lat: 37.52 } },
};
