import maplibregl, { type Map as MaplibreMap, type MapLayerMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { READINESS_TARGETS } from '@yingji/contracts';
import { api, type ListResult } from '../app/api';
import { loadDivisionData } from '../map/divisionsLayer';
import { registerMapLayer } from '../map/layers';
import i18n, { RESOURCES_NS } from './i18n';
import type { ReadinessResult, Team, TeamStatus, Warehouse } from './api';
import './resources.css';

const TEAM_STATUS_HEX: Record<TeamStatus, string> = {
  available: '#389e0d',
  deployed: '#d46b08',
  unavailable: '#8c8c8c',
};
const WAREHOUSE_HEX = '#1d39c4';
const SQUARE_IMAGE = 'resources-warehouse-square';

const tr = (key: string, options?: Record<string, unknown>) => i18n.t(key, { ns: RESOURCES_NS, ...options });

interface PointItem {
  id: string;
  name: string;
  location: { lon: number; lat: number };
}

interface LayerState<T> {
  generation: number;
  byId: Map<string, T>;
  popup: maplibregl.Popup | null;
  onClick: ((e: MapLayerMouseEvent) => void) | null;
  onEnter: (() => void) | null;
  onLeave: (() => void) | null;
}

/** Follows a link inside the single-page app (the router listens to popstate). */
function navigateTo(path: string): void {
  window.history.pushState({}, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function popupContent(title: string, rows: [string, string][], link: { href: string; text: string }): HTMLElement {
  const root = document.createElement('div');
  root.className = 'resources-popup';
  const name = document.createElement('div');
  name.className = 'resources-popup-name';
  name.textContent = title;
  root.append(name);
  for (const [label, value] of rows) {
    const row = document.createElement('div');
    row.className = 'resources-popup-row';
    const l = document.createElement('span');
    l.className = 'resources-popup-label';
    l.textContent = `${label}：`;
    row.append(l, document.createTextNode(value));
    root.append(row);
  }
  const a = document.createElement('a');
  a.href = link.href;
  a.textContent = link.text;
  a.addEventListener('click', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    navigateTo(link.href);
  });
  root.append(a);
  return root;
}

/** A filled square with a white border, drawn as an icon (circle layers cannot be square). */
function squareImage(hex: string, size = 28, border = 4): { width: number; height: number; data: Uint8Array } {
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const edge = x < border || y < border || x >= size - border || y >= size - border;
      const i = (y * size + x) * 4;
      data[i] = edge ? 255 : r;
      data[i + 1] = edge ? 255 : g;
      data[i + 2] = edge ? 255 : b;
      data[i + 3] = 255;
    }
  }
  return { width: size, height: size, data };
}

interface PointLayerConfig<T extends PointItem> {
  id: string;
  titleKey: string;
  order: number;
  load: () => Promise<T[]>;
  /** Extra properties of each feature, used by the paint expressions. */
  props: (item: T) => Record<string, string | number>;
  /** Adds the drawing layer (id `${id}-points`) on the source `id`. */
  draw: (map: MaplibreMap, sourceId: string, layerId: string) => void;
  popup: (item: T) => HTMLElement;
}

function registerPointLayer<T extends PointItem>(cfg: PointLayerConfig<T>): void {
  const sourceId = cfg.id;
  const layerId = `${cfg.id}-points`;
  const states = new WeakMap<MaplibreMap, LayerState<T>>();
  const stateOf = (map: MaplibreMap): LayerState<T> => {
    let state = states.get(map);
    if (!state) {
      state = { generation: 0, byId: new Map(), popup: null, onClick: null, onEnter: null, onLeave: null };
      states.set(map, state);
    }
    return state;
  };
  const removeFromMap = (map: MaplibreMap, state: LayerState<T>) => {
    state.popup?.remove();
    state.popup = null;
    if (state.onClick) map.off('click', layerId, state.onClick);
    if (state.onEnter) map.off('mouseenter', layerId, state.onEnter);
    if (state.onLeave) map.off('mouseleave', layerId, state.onLeave);
    state.onClick = state.onEnter = state.onLeave = null;
    if (map.getLayer(layerId)) map.removeLayer(layerId);
    if (map.getSource(sourceId)) map.removeSource(sourceId);
    state.byId = new Map();
  };

  registerMapLayer({
    id: cfg.id,
    titleKey: cfg.titleKey,
    group: 'resources',
    defaultVisible: false,
    order: cfg.order,
    async add(map) {
      const state = stateOf(map);
      const generation = ++state.generation;
      const items = await cfg.load();
      if (state.generation !== generation) return; // removed (or re-added) while loading

      removeFromMap(map, state);
      state.byId = new Map(items.map((item) => [item.id, item]));
      const data: FeatureCollection<Point> = {
        type: 'FeatureCollection',
        features: items.map((item) => ({
          type: 'Feature',
          id: item.id,
          geometry: { type: 'Point', coordinates: [item.location.lon, item.location.lat] },
          properties: { id: item.id, ...cfg.props(item) },
        })),
      };
      map.addSource(sourceId, { type: 'geojson', data });
      cfg.draw(map, sourceId, layerId);

      state.onClick = (e) => {
        // Only the topmost point answers a click (incidents or another resource layer may sit above).
        const top = map.queryRenderedFeatures(e.point)[0];
        if (top && top.layer.id !== layerId) return;
        const id: unknown = e.features?.[0]?.properties?.id;
        const item = typeof id === 'string' ? state.byId.get(id) : undefined;
        if (!item) return;
        state.popup?.remove();
        state.popup = new maplibregl.Popup({ closeButton: true, maxWidth: '300px' })
          .setLngLat([item.location.lon, item.location.lat])
          .setDOMContent(cfg.popup(item))
          .addTo(map);
      };
      state.onEnter = () => {
        map.getCanvas().style.cursor = 'pointer';
      };
      state.onLeave = () => {
        map.getCanvas().style.cursor = '';
      };
      map.on('click', layerId, state.onClick);
      map.on('mouseenter', layerId, state.onEnter);
      map.on('mouseleave', layerId, state.onLeave);
    },
    remove(map) {
      const state = stateOf(map);
      state.generation++;
      removeFromMap(map, state);
    },
  });
}

/**
 * Registers the 救援队伍 (circles, coloured by status) and 储备库 (blue squares) layers of the one-map
 * page, and the county fill of 5-minute fire coverage.
 */
export function registerResourcesLayer(): void {
  registerReadinessLayer();
  registerPointLayer<Team>({
    id: 'resources-teams',
    titleKey: `${RESOURCES_NS}:map.teams`,
    order: 40,
    load: async () => (await api.get<ListResult<Team>>('/teams', { pageSize: 200 })).items,
    props: (team) => ({ status: team.status }),
    draw: (map, source, id) =>
      map.addLayer({
        id,
        type: 'circle',
        source,
        paint: {
          'circle-radius': 7,
          'circle-color': [
            'match',
            ['get', 'status'],
            'deployed',
            TEAM_STATUS_HEX.deployed,
            'unavailable',
            TEAM_STATUS_HEX.unavailable,
            TEAM_STATUS_HEX.available,
          ],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
          'circle-opacity': 0.95,
        },
      }),
    popup: (team) =>
      popupContent(
        team.name,
        [
          [tr('teams.kind'), tr(`teamKinds.${team.kind}`)],
          [tr('teams.status'), tr(`teamStatuses.${team.status}`)],
          [tr('teams.headcount'), String(team.headcount)],
          [
            tr('teams.capabilities'),
            team.capabilities.length
              ? team.capabilities.map((c) => tr(`capabilities.${c}`, { defaultValue: c })).join('、')
              : '—',
          ],
          ...(team.contactName || team.contactPhone
            ? [
                [tr('teams.contact'), [team.contactName, team.contactPhone].filter(Boolean).join(' ')] as [
                  string,
                  string,
                ],
              ]
            : []),
        ],
        { href: '/resources?tab=teams', text: tr('map.openPage') },
      ),
  });

  registerPointLayer<Warehouse>({
    id: 'resources-warehouses',
    titleKey: `${RESOURCES_NS}:map.warehouses`,
    order: 41,
    load: async () => (await api.get<ListResult<Warehouse>>('/warehouses', { pageSize: 200 })).items,
    props: (w) => ({ level: w.level }),
    draw: (map, source, id) => {
      if (!map.hasImage(SQUARE_IMAGE)) map.addImage(SQUARE_IMAGE, squareImage(WAREHOUSE_HEX), { pixelRatio: 2 });
      map.addLayer({
        id,
        type: 'symbol',
        source,
        layout: {
          'icon-image': SQUARE_IMAGE,
          'icon-size': ['match', ['get', 'level'], 'city', 1.25, 'county', 1.05, 0.9],
          'icon-allow-overlap': true,
          'icon-ignore-placement': true,
        },
      });
    },
    popup: (w) =>
      popupContent(
        w.name,
        [
          [tr('warehouses.level'), tr(`warehouseLevels.${w.level}`)],
          [tr('warehouses.reserveMode'), tr(`reserveModes.${w.reserveMode}`)],
          ...(w.capacityM3 !== null
            ? [[tr('warehouses.capacity'), `${w.capacityM3.toLocaleString()} m³`] as [string, string]]
            : []),
          ...(w.managerName || w.managerPhone
            ? [
                [tr('warehouses.manager'), [w.managerName, w.managerPhone].filter(Boolean).join(' ')] as [
                  string,
                  string,
                ],
              ]
            : []),
        ],
        { href: '/resources?tab=stock', text: tr('map.openStock') },
      ),
  });
}

const READINESS_SOURCE = 'resources-readiness';
const READINESS_FILL = `${READINESS_SOURCE}-fill`;
const READINESS_LINE = `${READINESS_SOURCE}-line`;
const COVERAGE_HEX = { met: '#389e0d', unmet: '#cf1322', unknown: '#bfbfbf' } as const;

interface ReadinessProps {
  code: string;
  name: string;
  state: keyof typeof COVERAGE_HEX;
  share: number;
}

/**
 * 各区县 5 分钟消防覆盖: the city's counties filled green where the 5-minute fire-station coverage
 * meets the target (75%), red where it does not, grey where it cannot be worked out (no road network).
 */
function registerReadinessLayer(): void {
  const states = new WeakMap<
    MaplibreMap,
    { generation: number; popup: maplibregl.Popup | null; onClick: ((e: MapLayerMouseEvent) => void) | null }
  >();
  const stateOf = (map: MaplibreMap) => {
    let state = states.get(map);
    if (!state) {
      state = { generation: 0, popup: null, onClick: null };
      states.set(map, state);
    }
    return state;
  };
  const removeFromMap = (map: MaplibreMap) => {
    const state = stateOf(map);
    state.popup?.remove();
    state.popup = null;
    if (state.onClick) map.off('click', READINESS_FILL, state.onClick);
    state.onClick = null;
    for (const id of [READINESS_LINE, READINESS_FILL]) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(READINESS_SOURCE)) map.removeSource(READINESS_SOURCE);
  };
  registerMapLayer({
    id: READINESS_SOURCE,
    titleKey: `${RESOURCES_NS}:map.readiness`,
    group: 'resources',
    defaultVisible: false,
    order: 30,
    async add(map, ctx) {
      const state = stateOf(map);
      const generation = ++state.generation;
      const [divisions, report] = await Promise.all([
        loadDivisionData(ctx.cityCode),
        api.get<ReadinessResult>('/resources/readiness', { parent: ctx.cityCode }),
      ]);
      if (state.generation !== generation) return; // removed (or re-added) while loading
      removeFromMap(map);
      const target = report.targets.fireCoverage5min ?? READINESS_TARGETS.fireCoverage5min;
      const byCode = new Map(report.items.map((r) => [r.divisionCode, r]));
      const data: FeatureCollection<Polygon | MultiPolygon, ReadinessProps> = {
        type: 'FeatureCollection',
        features: divisions.boundaries.features.flatMap((f) => {
          const row = byCode.get(f.properties.code);
          if (!row) return [];
          const share = row.fireCoverage5min;
          const props: ReadinessProps = {
            code: f.properties.code,
            name: row.divisionName || f.properties.name,
            state: share === null ? 'unknown' : share >= target ? 'met' : 'unmet',
            share: share ?? -1,
          };
          return [{ ...f, properties: props }];
        }),
      };
      map.addSource(READINESS_SOURCE, { type: 'geojson', data });
      map.addLayer({
        id: READINESS_FILL,
        type: 'fill',
        source: READINESS_SOURCE,
        paint: {
          'fill-color': [
            'match',
            ['get', 'state'],
            'met',
            COVERAGE_HEX.met,
            'unmet',
            COVERAGE_HEX.unmet,
            COVERAGE_HEX.unknown,
          ],
          'fill-opacity': 0.35,
        },
      });
      map.addLayer({
        id: READINESS_LINE,
        type: 'line',
        source: READINESS_SOURCE,
        paint: { 'line-color': '#595959', 'line-width': 1 },
      });
      state.onClick = (e) => {
        // Only when nothing else (a point, an incident) sits above the county.
        const top = map.queryRenderedFeatures(e.point)[0];
        if (top && top.layer.id !== READINESS_FILL) return;
        const p = e.features?.[0]?.properties;
        if (!p) return;
        const share = Number(p.share);
        const stateKey = String(p.state);
        const label =
          stateKey === 'met'
            ? tr('map.readinessMet')
            : stateKey === 'unmet'
              ? tr('map.readinessUnmet')
              : tr('map.readinessUnknown');
        state.popup?.remove();
        state.popup = new maplibregl.Popup({ closeButton: true, maxWidth: '300px' })
          .setLngLat(e.lngLat)
          .setDOMContent(
            popupContent(
              String(p.name),
              [
                [tr('readiness.metrics.fireCoverage5min'), share >= 0 ? `${(share * 100).toFixed(1)}%` : '—'],
                [tr('readiness.target', { target: `${(target * 100).toFixed(0)}%` }), label],
              ],
              { href: '/resources?tab=readiness', text: tr('map.openPage') },
            ),
          )
          .addTo(map);
      };
      map.on('click', READINESS_FILL, state.onClick);
    },
    remove(map) {
      stateOf(map).generation++;
      removeFromMap(map);
    },
  });
}
