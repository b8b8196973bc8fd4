import maplibregl, { type GeoJSONSource, type Map as MaplibreMap, type MapLayerMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { registerMapLayer } from '../map/layers';
import i18n, { RISKS_NS } from './i18n';
import { fetchRiskMap, type RiskMap } from './api';
import { formatDistance, RISK_COLOR_HEX } from './components';

type RiskMapProps = RiskMap['features'][number]['properties'];

const POINTS_SOURCE = 'risk-map-points';
const RINGS_SOURCE = 'risk-map-rings';
const RING_FILL = 'risk-map-rings-fill';
const RING_LINE = 'risk-map-rings-line';
const RISK_CIRCLE = 'risk-map-risk-points';
const MHS_CIRCLE = 'risk-map-mhs';
const VT_CIRCLE = 'risk-map-vt';
const CLICKABLE = [RISK_CIRCLE, MHS_CIRCLE, VT_CIRCLE];
const EARTH_RADIUS_M = 6_371_008.8;
const RING_STEPS = 64;

/** Vulnerable targets are drawn in purple, so they never read as a risk colour. */
export const VULNERABLE_HEX = '#7b1fa2';
/** Major hazard sources: dark red, with a ring of their radius. */
export const MHS_HEX = '#b71c1c';

const tr = (key: string, options?: Record<string, unknown>) => i18n.t(key, { ns: RISKS_NS, ...options });

/** A circle of `meters` around a point, as a polygon (spherical approximation; fine at city scale). */
export function ringPolygon(lon: number, lat: number, meters: number): Polygon {
  const ring: [number, number][] = [];
  const angular = meters / EARTH_RADIUS_M;
  const lat1 = (lat * Math.PI) / 180;
  const lon1 = (lon * Math.PI) / 180;
  for (let i = 0; i <= RING_STEPS; i++) {
    const bearing = (2 * Math.PI * i) / RING_STEPS;
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing));
    const lon2 =
      lon1 +
      Math.atan2(
        Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1),
        Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2),
      );
    ring.push([(lon2 * 180) / Math.PI, (lat2 * 180) / Math.PI]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}

interface Drawn {
  points: FeatureCollection<Point, RiskMapProps & { hex: string; rank: number }>;
  rings: FeatureCollection<Polygon, { name: string; radiusMeters: number }>;
  byId: Map<string, RiskMapProps & { lon: number; lat: number }>;
}

const LEVEL_RANK = { low: 1, general: 2, larger: 3, major: 4 } as const;

export function toDrawn(data: RiskMap): Drawn {
  const byId: Drawn['byId'] = new Map();
  const points: Drawn['points']['features'] = [];
  const rings: Feature<Polygon, { name: string; radiusMeters: number }>[] = [];
  for (const f of data.features) {
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    byId.set(p.id, { ...p, lon, lat });
    const hex =
      p.layer === 'vulnerable_target'
        ? VULNERABLE_HEX
        : p.layer === 'major_hazard_source'
          ? MHS_HEX
          : RISK_COLOR_HEX[p.color ?? 'blue'];
    points.push({
      type: 'Feature',
      id: f.id,
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { ...p, hex, rank: p.level ? LEVEL_RANK[p.level] : 0 },
    });
    if (p.layer === 'major_hazard_source' && p.radiusMeters) {
      rings.push({
        type: 'Feature',
        geometry: ringPolygon(lon, lat, p.radiusMeters),
        properties: { name: p.name, radiusMeters: p.radiusMeters },
      });
    }
  }
  return {
    points: { type: 'FeatureCollection', features: points },
    rings: { type: 'FeatureCollection', features: rings },
    byId,
  };
}

function popupContent(p: RiskMapProps): HTMLElement {
  const root = document.createElement('div');
  root.className = 'risk-popup';
  const name = document.createElement('div');
  name.className = 'risk-popup-name';
  name.textContent = p.name;
  root.append(name);
  const line = (text: string) => {
    const el = document.createElement('div');
    el.textContent = text;
    root.append(el);
  };
  line(tr(`map.layers.${p.layer}`));
  if (p.orgName) line(p.orgName);
  if (p.level) line(tr(`levels.${p.level}`));
  if (p.grade) line(tr(`grades.${p.grade}`));
  if (p.radiusMeters) line(tr('map.radius', { radius: formatDistance(p.radiusMeters) }));
  if (p.kind) line(tr(`targetKinds.${p.kind}`));
  return root;
}

interface LayerState {
  generation: number;
  byId: Drawn['byId'];
  popup: maplibregl.Popup | null;
  onEnter: ((e: MapLayerMouseEvent) => void) | null;
  onLeave: (() => void) | null;
}

const states = new WeakMap<MaplibreMap, LayerState>();

function stateOf(map: MaplibreMap): LayerState {
  let s = states.get(map);
  if (!s) {
    s = { generation: 0, byId: new Map(), popup: null, onEnter: null, onLeave: null };
    states.set(map, s);
  }
  return s;
}

function removeFromMap(map: MaplibreMap, state: LayerState) {
  state.popup?.remove();
  state.popup = null;
  for (const id of CLICKABLE) {
    if (state.onEnter) map.off('mouseenter', id, state.onEnter);
    if (state.onLeave) map.off('mouseleave', id, state.onLeave);
  }
  state.onEnter = state.onLeave = null;
  for (const id of [VT_CIRCLE, MHS_CIRCLE, RISK_CIRCLE, RING_LINE, RING_FILL])
    if (map.getLayer(id)) map.removeLayer(id);
  for (const id of [POINTS_SOURCE, RINGS_SOURCE]) if (map.getSource(id)) map.removeSource(id);
  state.byId = new Map();
}

/**
 * Draws the risk map (安全风险"一张图") on `map`: risk points in their colour (red biggest, on top), major
 * hazard sources with a ring of their radius, vulnerable targets in purple; hovering shows what a point is.
 * Resolves with what it drew.
 */
export async function addRiskMap(map: MaplibreMap, divisionCode?: string): Promise<Drawn> {
  const state = stateOf(map);
  const generation = ++state.generation;
  const drawn = toDrawn(await fetchRiskMap(divisionCode));
  if (state.generation !== generation) return drawn;
  const rings = map.getSource<GeoJSONSource>(RINGS_SOURCE);
  const points = map.getSource<GeoJSONSource>(POINTS_SOURCE);
  state.byId = drawn.byId;
  if (rings && points) {
    rings.setData(drawn.rings);
    points.setData(drawn.points);
    return drawn;
  }
  map.addSource(RINGS_SOURCE, { type: 'geojson', data: drawn.rings });
  map.addSource(POINTS_SOURCE, { type: 'geojson', data: drawn.points });
  map.addLayer({
    id: RING_FILL,
    type: 'fill',
    source: RINGS_SOURCE,
    paint: { 'fill-color': MHS_HEX, 'fill-opacity': 0.12 },
  });
  map.addLayer({
    id: RING_LINE,
    type: 'line',
    source: RINGS_SOURCE,
    paint: { 'line-color': MHS_HEX, 'line-width': 1.5, 'line-dasharray': [3, 2] },
  });
  map.addLayer({
    id: RISK_CIRCLE,
    type: 'circle',
    source: POINTS_SOURCE,
    filter: ['==', ['get', 'layer'], 'risk_point'],
    layout: { 'circle-sort-key': ['get', 'rank'] },
    paint: {
      'circle-color': ['get', 'hex'],
      'circle-radius': ['interpolate', ['linear'], ['get', 'rank'], 1, 5, 4, 9],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  });
  map.addLayer({
    id: MHS_CIRCLE,
    type: 'circle',
    source: POINTS_SOURCE,
    filter: ['==', ['get', 'layer'], 'major_hazard_source'],
    paint: {
      'circle-color': MHS_HEX,
      'circle-radius': 8,
      'circle-stroke-color': '#ffeb3b',
      'circle-stroke-width': 3,
    },
  });
  map.addLayer({
    id: VT_CIRCLE,
    type: 'circle',
    source: POINTS_SOURCE,
    filter: ['==', ['get', 'layer'], 'vulnerable_target'],
    paint: {
      'circle-color': '#ffffff',
      'circle-radius': 6,
      'circle-stroke-color': VULNERABLE_HEX,
      'circle-stroke-width': 3,
    },
  });
  state.onEnter = (e) => {
    map.getCanvas().style.cursor = 'pointer';
    const id: unknown = e.features?.[0]?.properties?.id;
    const item = typeof id === 'string' ? state.byId.get(id) : undefined;
    if (!item) return;
    state.popup?.remove();
    state.popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, maxWidth: '280px', offset: 10 })
      .setLngLat([item.lon, item.lat])
      .setDOMContent(popupContent(item))
      .addTo(map);
  };
  state.onLeave = () => {
    map.getCanvas().style.cursor = '';
    state.popup?.remove();
    state.popup = null;
  };
  for (const id of CLICKABLE) {
    map.on('mouseenter', id, state.onEnter);
    map.on('mouseleave', id, state.onLeave);
  }
  return drawn;
}

export function removeRiskMap(map: MaplibreMap): void {
  const state = stateOf(map);
  state.generation++;
  removeFromMap(map, state);
}

/** The risk map on the one-map page (off until the user ticks it). */
registerMapLayer({
  id: 'risks',
  titleKey: `${RISKS_NS}:map.layer`,
  group: 'risks',
  order: 40,
  defaultVisible: false,
  async add(map) {
    await addRiskMap(map);
  },
  remove(map) {
    removeRiskMap(map);
  },
});
