import maplibregl, { type GeoJSONSource, type Map as MaplibreMap, type MapLayerMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { api, type ListResult } from '../app/api';
import { registerMapLayer } from '../map/layers';
import i18n, { MONITORING_NS } from './i18n';
import type { Alarm, AlarmLevel, Sensor } from './api';
import { formatValue, LEVEL_HEX, LEVEL_RANK, SENSOR_STATUS_HEX } from './components';
import { onMonitoringChanged } from './live';
import './monitoring.css';

const SOURCE_ID = 'monitoring-sensors';
const CIRCLE_ID = 'monitoring-sensors-circle';
const PAGE_SIZE = 200;
const MAX_PAGES = 10;
const REFRESH_MS = 30_000;

const tr = (key: string, options?: Record<string, unknown>) => i18n.t(key, { ns: MONITORING_NS, ...options });

interface SensorProps {
  code: string;
  color: string;
  radius: number;
  rank: number;
  level: AlarmLevel | 'none';
  status: Sensor['status'];
}

interface Loaded {
  data: FeatureCollection<Point, SensorProps>;
  byCode: Map<string, { sensor: Sensor; level: AlarmLevel | null }>;
}

async function loadAll<T>(path: string, query: Record<string, string>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await api.get<ListResult<T>>(path, { ...query, page, pageSize: PAGE_SIZE });
    out.push(...res.items);
    if (out.length >= res.total || res.items.length < PAGE_SIZE) break;
  }
  return out;
}

/** Sensors in scope with the level of their most severe open alarm. */
async function loadSensors(): Promise<Loaded> {
  const [sensors, alarms] = await Promise.all([
    loadAll<Sensor>('/sensors', {}),
    loadAll<Alarm>('/alarms', { status: 'open' }),
  ]);
  const worst = new Map<string, AlarmLevel>();
  for (const a of alarms) {
    const known = worst.get(a.sensorCode);
    if (!known || LEVEL_RANK[a.level] > LEVEL_RANK[known]) worst.set(a.sensorCode, a.level);
  }
  const byCode = new Map<string, { sensor: Sensor; level: AlarmLevel | null }>();
  const features = sensors.map((s) => {
    const level = worst.get(s.code) ?? null;
    byCode.set(s.code, { sensor: s, level });
    return {
      type: 'Feature' as const,
      id: s.id,
      geometry: { type: 'Point' as const, coordinates: [s.location.lon, s.location.lat] },
      properties: {
        code: s.code,
        color: level ? LEVEL_HEX[level] : SENSOR_STATUS_HEX[s.status],
        radius: level ? 6 + LEVEL_RANK[level] : 5,
        rank: level ? LEVEL_RANK[level] : 0,
        level: level ?? ('none' as const),
        status: s.status,
      },
    };
  });
  return { data: { type: 'FeatureCollection', features }, byCode };
}

/** Follows a link inside the single-page app (the router listens to popstate). */
function navigateTo(path: string): void {
  window.history.pushState({}, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function row(label: string, value: string | HTMLElement): HTMLElement {
  const el = document.createElement('div');
  el.className = 'monitoring-popup-row';
  const l = document.createElement('span');
  l.className = 'monitoring-popup-label';
  l.textContent = `${label}：`;
  el.append(l, typeof value === 'string' ? document.createTextNode(value) : value);
  return el;
}

function popupContent(sensor: Sensor, level: AlarmLevel | null): HTMLElement {
  const root = document.createElement('div');
  root.className = 'monitoring-popup';
  root.dataset.code = sensor.code;
  const name = document.createElement('div');
  name.className = 'monitoring-popup-name';
  name.textContent = sensor.name ?? sensor.code;
  root.append(name);
  root.append(row(tr('sensors.code'), sensor.code));
  root.append(row(tr('sensors.type'), tr(`sensorTypes.${sensor.type}`)));
  root.append(row(tr('sensors.status'), tr(`sensorStatuses.${sensor.status}`)));
  const values = sensor.metrics
    .filter((m) => sensor.lastValues[m.name] !== undefined)
    .map(
      (m) =>
        `${tr(`metrics.${m.name}`, { defaultValue: m.name })} ${formatValue(sensor.lastValues[m.name])}${m.unit ? ` ${m.unit}` : ''}`,
    );
  if (values.length) root.append(row(tr('sensors.latest'), values.join('，')));
  if (level) {
    const tag = document.createElement('span');
    tag.className = 'monitoring-popup-level';
    tag.style.background = LEVEL_HEX[level];
    if (level === 'yellow') tag.style.color = '#262626';
    tag.textContent = `${tr(`levels.${level}`)} × ${sensor.openAlarms}`;
    root.append(row(tr('map.openAlarm'), tag));
  }
  const hint = document.createElement('div');
  hint.className = 'monitoring-popup-row';
  hint.style.marginTop = '4px';
  hint.style.color = '#1677ff';
  hint.textContent = tr('map.openSensor');
  root.append(hint);
  return root;
}

interface LayerState {
  generation: number;
  byCode: Loaded['byCode'];
  popup: maplibregl.Popup | null;
  onClick: ((e: MapLayerMouseEvent) => void) | null;
  onEnter: ((e: MapLayerMouseEvent) => void) | null;
  onLeave: (() => void) | null;
  stopLive: (() => void) | null;
  timer: ReturnType<typeof setInterval> | null;
}

const states = new WeakMap<MaplibreMap, LayerState>();

function stateOf(map: MaplibreMap): LayerState {
  let state = states.get(map);
  if (!state) {
    state = {
      generation: 0,
      byCode: new Map(),
      popup: null,
      onClick: null,
      onEnter: null,
      onLeave: null,
      stopLive: null,
      timer: null,
    };
    states.set(map, state);
  }
  return state;
}

function removeFromMap(map: MaplibreMap, state: LayerState) {
  state.stopLive?.();
  state.stopLive = null;
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
  state.popup?.remove();
  state.popup = null;
  if (state.onClick) map.off('click', CIRCLE_ID, state.onClick);
  if (state.onEnter) map.off('mouseenter', CIRCLE_ID, state.onEnter);
  if (state.onLeave) map.off('mouseleave', CIRCLE_ID, state.onLeave);
  state.onClick = state.onEnter = state.onLeave = null;
  if (map.getLayer(CIRCLE_ID)) map.removeLayer(CIRCLE_ID);
  if (map.getSource(SOURCE_ID)) map.removeSource(SOURCE_ID);
  state.byCode = new Map();
}

function codeAt(map: MaplibreMap, e: MapLayerMouseEvent): string | null {
  // Only the topmost point answers (incidents may sit above).
  const top = map.queryRenderedFeatures(e.point)[0];
  if (top && top.layer.id !== CIRCLE_ID) return null;
  const code: unknown = e.features?.[0]?.properties?.code;
  return typeof code === 'string' ? code : null;
}

/** 监测设备: sensors coloured by their most severe open alarm (or their status); a click opens the sensor. */
registerMapLayer({
  id: 'monitoring-sensors',
  titleKey: `${MONITORING_NS}:map.layer`,
  group: 'monitoring',
  order: 45,
  async add(map) {
    const state = stateOf(map);
    const generation = ++state.generation;
    const loaded = await loadSensors();
    if (state.generation !== generation) return; // removed (or re-added) while loading

    removeFromMap(map, state);
    state.byCode = loaded.byCode;
    map.addSource(SOURCE_ID, { type: 'geojson', data: loaded.data });
    map.addLayer({
      id: CIRCLE_ID,
      type: 'circle',
      source: SOURCE_ID,
      layout: { 'circle-sort-key': ['get', 'rank'] },
      paint: {
        'circle-radius': ['get', 'radius'],
        'circle-color': ['get', 'color'],
        'circle-stroke-color': ['match', ['get', 'level'], 'none', '#ffffff', '#262626'],
        'circle-stroke-width': ['match', ['get', 'level'], 'none', 1.5, 2],
        'circle-opacity': 0.95,
      },
    });

    state.onClick = (e) => {
      const code = codeAt(map, e);
      if (code) navigateTo(`/monitoring/sensors/${encodeURIComponent(code)}`);
    };
    state.onEnter = (e) => {
      map.getCanvas().style.cursor = 'pointer';
      const code = codeAt(map, e);
      const item = code ? state.byCode.get(code) : undefined;
      if (!item) return;
      state.popup?.remove();
      state.popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, maxWidth: '300px', offset: 10 })
        .setLngLat([item.sensor.location.lon, item.sensor.location.lat])
        .setDOMContent(popupContent(item.sensor, item.level))
        .addTo(map);
    };
    state.onLeave = () => {
      map.getCanvas().style.cursor = '';
      state.popup?.remove();
      state.popup = null;
    };
    map.on('click', CIRCLE_ID, state.onClick);
    map.on('mouseenter', CIRCLE_ID, state.onEnter);
    map.on('mouseleave', CIRCLE_ID, state.onLeave);

    // Alarms come and go: reload on live events (while a monitoring view listens) and every 30 s.
    const reload = () => {
      const g = state.generation;
      loadSensors().then(
        (fresh) => {
          if (state.generation !== g) return;
          state.byCode = fresh.byCode;
          map.getSource<GeoJSONSource>(SOURCE_ID)?.setData(fresh.data);
        },
        () => undefined,
      );
    };
    state.stopLive = onMonitoringChanged(reload);
    state.timer = setInterval(reload, REFRESH_MS);
  },
  remove(map) {
    const state = stateOf(map);
    state.generation++;
    removeFromMap(map, state);
  },
});
