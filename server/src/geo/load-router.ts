import fs from 'node:fs';
import type { Config } from '../config.js';
import { demoRoadNetwork } from './demo-network.js';
import { OsrmRouter } from './osrm-router.js';
import { importOsmPbf } from './road-import-pbf.js';
import { importGeoJsonRoads, importOsmXml } from './road-import.js';
import { GraphRouter, type Router } from './router.js';

/**
 * The road router: an external OSRM server when ROUTER_URL is set; else the in-process
 * graph of ROAD_NETWORK (.osm, .osm.pbf or GeoJSON); else the synthetic demo network in
 * demo mode; else none.
 */
export async function loadRouter(config: Config): Promise<Router | null> {
  if (config.routerUrl) return new OsrmRouter(config.routerUrl);
  const file = config.roadNetwork;
  if (file) {
    if (/\.osm\.pbf$/i.test(file)) return new GraphRouter(await importOsmPbf(file));
    const text = fs.readFileSync(file, 'utf8');
    return new GraphRouter(/\.osm$/i.test(file) ? importOsmXml(text) : importGeoJsonRoads(JSON.parse(text)));
  }
  return config.demo ? new GraphRouter(demoRoadNetwork()) : null;
}
