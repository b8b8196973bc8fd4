import fs from 'node:fs';
import type { Config } from '../config.js';
import { demoRoadNetwork } from './demo-network.js';
import type { RoadGraph } from './road-graph.js';
import { importGeoJsonRoads, importOsmXml } from './road-import.js';

/** The road network: ROAD_NETWORK (.osm or GeoJSON) when set, the synthetic demo network in demo mode, else none. */
export function loadRouter(config: Config): RoadGraph | null {
  if (config.roadNetwork) {
    const text = fs.readFileSync(config.roadNetwork, 'utf8');
    return /\.osm$/i.test(config.roadNetwork) ? importOsmXml(text) : importGeoJsonRoads(JSON.parse(text));
  }
  return config.demo ? demoRoadNetwork() : null;
}
