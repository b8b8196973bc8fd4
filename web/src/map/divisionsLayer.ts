import maplibregl, {
  type LngLatBoundsLike,
  type Map as MaplibreMap,
  type MapLayerMouseEvent,
  type MapMouseEvent,
} from 'maplibre-gl';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { Division } from '@yingji/contracts';
import { api, type ListResult } from '../app/api';
import i18n from '../app/i18n';
import { registerMapLayer } from './layers';

export interface DivisionProps {
  code: string;
  name: string;
  level: string;
}

type DivisionFeature = Feature<Polygon | MultiPolygon, DivisionProps & { color: string }>;

export interface DivisionData {
  boundaries: FeatureCollection<Polygon | MultiPolygon, DivisionProps & { color: string }>;
  divisions: Division[];
}

const SOURCE_ID = 'divisions';
const FILL_ID = 'divisions-fill';
const LINE_ID = 'divisions-line';

/** Distinct, muted fill colours, one per division. */
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f'];

const cache = new Map<string, Promise<DivisionData>>();

/** Boundaries (with a fill colour each) and the list of the city's districts; cached per city. */
export function loadDivisionData(cityCode: string): Promise<DivisionData> {
  let pending = cache.get(cityCode);
  if (!pending) {
    pending = Promise.all([
      api.get<FeatureCollection<Polygon | MultiPolygon, DivisionProps>>('/divisions/boundaries', { parent: cityCode }),
      api.get<ListResult<Division>>('/divisions', { parent: cityCode, pageSize: 200 }),
    ]).then(([boundaries, list]) => {
      const features = [...boundaries.features]
        .sort((a, b) => a.properties.code.localeCompare(b.properties.code))
        .map((f, i): DivisionFeature => ({
          ...f,
          properties: { ...f.properties, color: PALETTE[i % PALETTE.length] ?? '#4e79a7' },
        }));
      return { boundaries: { type: 'FeatureCollection', features }, divisions: list.items };
    });
    pending.catch(() => cache.delete(cityCode));
    cache.set(cityCode, pending);
  }
  return pending;
}

function eachPosition(geometry: Polygon | MultiPolygon, fn: (p: Position) => void): void {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) for (const ring of polygon) for (const p of ring) fn(p);
}

type Bbox = [number, number, number, number];

function bboxOf(features: readonly DivisionFeature[]): Bbox | null {
  let bbox: Bbox | null = null;
  for (const f of features) {
    eachPosition(f.geometry, ([lon, lat]) => {
      if (lon === undefined || lat === undefined) return;
      if (!bbox) bbox = [lon, lat, lon, lat];
      else bbox = [Math.min(bbox[0], lon), Math.min(bbox[1], lat), Math.max(bbox[2], lon), Math.max(bbox[3], lat)];
    });
  }
  return bbox;
}

function popupContent(name: string, code: string): HTMLElement {
  const root = document.createElement('div');
  root.className = 'division-popup';
  const title = document.createElement('div');
  title.className = 'division-popup-name';
  title.textContent = name;
  const codeLine = document.createElement('div');
  codeLine.className = 'division-popup-code';
  codeLine.textContent = `${i18n.t('map.divisionCode')}: ${code}`;
  root.append(title, codeLine);
  return root;
}

interface LayerState {
  generation: number;
  markers: maplibregl.Marker[];
  popup: maplibregl.Popup | null;
  fitted: boolean;
  onClick: ((e: MapLayerMouseEvent) => void) | null;
  onMove: ((e: MapLayerMouseEvent) => void) | null;
  onLeave: ((e: MapMouseEvent) => void) | null;
  hovered: string | null;
}

const states = new WeakMap<MaplibreMap, LayerState>();

function stateOf(map: MaplibreMap): LayerState {
  let state = states.get(map);
  if (!state) {
    state = {
      generation: 0,
      markers: [],
      popup: null,
      fitted: false,
      onClick: null,
      onMove: null,
      onLeave: null,
      hovered: null,
    };
    states.set(map, state);
  }
  return state;
}

function showPopup(map: MaplibreMap, state: LayerState, lngLat: maplibregl.LngLatLike, name: string, code: string) {
  state.popup?.remove();
  state.popup = new maplibregl.Popup({ closeButton: true, maxWidth: '260px' })
    .setLngLat(lngLat)
    .setDOMContent(popupContent(name, code))
    .addTo(map);
}

function setHover(map: MaplibreMap, state: LayerState, code: string | null) {
  if (state.hovered === code) return;
  if (state.hovered && map.getSource(SOURCE_ID)) {
    map.setFeatureState({ source: SOURCE_ID, id: state.hovered }, { hover: false });
  }
  state.hovered = code;
  if (code) map.setFeatureState({ source: SOURCE_ID, id: code }, { hover: true });
}

function removeFromMap(map: MaplibreMap, state: LayerState) {
  for (const marker of state.markers) marker.remove();
  state.markers = [];
  state.popup?.remove();
  state.popup = null;
  if (state.onClick) map.off('click', FILL_ID, state.onClick);
  if (state.onMove) map.off('mousemove', FILL_ID, state.onMove);
  if (state.onLeave) map.off('mouseleave', FILL_ID, state.onLeave);
  state.onClick = state.onMove = state.onLeave = null;
  state.hovered = null;
  if (map.getLayer(LINE_ID)) map.removeLayer(LINE_ID);
  if (map.getLayer(FILL_ID)) map.removeLayer(FILL_ID);
  if (map.getSource(SOURCE_ID)) map.removeSource(SOURCE_ID);
}

registerMapLayer({
  id: 'divisions',
  titleKey: 'map.layerNames.divisions',
  group: 'base',
  order: 0,
  async add(map, ctx) {
    const state = stateOf(map);
    const generation = ++state.generation;
    const data = await loadDivisionData(ctx.cityCode);
    if (state.generation !== generation) return; // removed (or re-added) while loading

    removeFromMap(map, state);
    map.addSource(SOURCE_ID, { type: 'geojson', data: data.boundaries, promoteId: 'code' });
    // The base layer goes under any overlay that finished loading first.
    const beforeId = map
      .getStyle()
      .layers.find((l) => l.id !== 'background' && l.id !== 'basemap' && l.id !== FILL_ID && l.id !== LINE_ID)?.id;
    map.addLayer(
      {
        id: FILL_ID,
        type: 'fill',
        source: SOURCE_ID,
        paint: {
          'fill-color': ['get', 'color'],
          'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.45, 0.25],
        },
      },
      beforeId,
    );
    map.addLayer(
      {
        id: LINE_ID,
        type: 'line',
        source: SOURCE_ID,
        paint: { 'line-color': '#2b4a7a', 'line-width': 1.6, 'line-opacity': 0.9 },
      },
      beforeId,
    );

    state.onClick = (e) => {
      // A point layer drawn above (incidents, resources…) handles its own clicks.
      const top = map.queryRenderedFeatures(e.point)[0];
      if (top && top.layer.id !== FILL_ID && top.layer.id !== LINE_ID) return;
      const f = e.features?.[0];
      if (!f) return;
      const props = f.properties as Partial<DivisionProps>;
      showPopup(map, state, e.lngLat, String(props.name ?? ''), String(props.code ?? ''));
    };
    state.onMove = (e) => {
      map.getCanvas().style.cursor = 'pointer';
      const code = e.features?.[0]?.properties?.code;
      setHover(map, state, typeof code === 'string' ? code : null);
    };
    state.onLeave = () => {
      map.getCanvas().style.cursor = '';
      setHover(map, state, null);
    };
    map.on('click', FILL_ID, state.onClick);
    map.on('mousemove', FILL_ID, state.onMove);
    map.on('mouseleave', FILL_ID, state.onLeave);

    // Labels are DOM markers: the map has no glyph server, so symbol layers cannot draw text.
    const featureByCode = new Map(data.boundaries.features.map((f) => [f.properties.code, f]));
    const labelled = new Set<string>();
    const addLabel = (code: string, name: string, lngLat: [number, number]) => {
      if (labelled.has(code)) return;
      labelled.add(code);
      const el = document.createElement('div');
      el.className = 'division-label';
      el.dataset.divisionCode = code;
      el.textContent = name;
      el.title = `${name} ${code}`;
      el.addEventListener('click', (ev) => {
        ev.stopPropagation();
        showPopup(map, state, lngLat, name, code);
      });
      state.markers.push(new maplibregl.Marker({ element: el, anchor: 'center' }).setLngLat(lngLat).addTo(map));
    };
    for (const d of data.divisions) {
      let at: [number, number] | null = d.centroid ? [d.centroid.lon, d.centroid.lat] : null;
      if (!at) {
        const feature = featureByCode.get(d.code);
        const bbox = feature ? bboxOf([feature]) : null;
        if (bbox) at = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
      }
      if (at) addLabel(d.code, d.name, at);
    }

    if (!state.fitted) {
      const bbox = bboxOf(data.boundaries.features);
      if (bbox) {
        const bounds: LngLatBoundsLike = [
          [bbox[0], bbox[1]],
          [bbox[2], bbox[3]],
        ];
        // Leave room on the left for the layer panel.
        map.fitBounds(bounds, { padding: { top: 48, bottom: 48, left: 240, right: 64 }, duration: 0 });
        state.fitted = true;
      }
    }
  },
  remove(map) {
    const state = stateOf(map);
    state.generation++;
    removeFromMap(map, state);
  },
});
