import maplibregl, { type Map as MaplibreMap, type MapLayerMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { api, type ListResult } from '../app/api';
import { registerMapLayer } from '../map/layers';
import i18n, { RESOURCES_NS } from './i18n';
import type { Team, TeamStatus, Warehouse } from './api';
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

/** Registers the 救援队伍 (circles, coloured by status) and 储备库 (blue squares) layers of the one-map page. */
export function registerResourcesLayer(): void {
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
