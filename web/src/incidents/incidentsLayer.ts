import maplibregl, { type GeoJSONSource, type Map as MaplibreMap, type MapLayerMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { incidentLabel } from '@yingji/contracts';
import { api, type ListResult } from '../app/api';
import i18n, { currentLang } from '../app/i18n';
import { registerMapLayer } from '../map/layers';
import type { Incident } from './api';
import { onIncidentsChanged } from './live';
import { GRADE_HEX } from './shared';
import './incidents.css';

interface IncidentProps {
  id: string;
  number: string;
  title: string;
  grade: string;
}

const SOURCE_ID = 'incidents';
const CIRCLE_ID = 'incidents-circle';

async function loadOpenIncidents(): Promise<FeatureCollection<Point, IncidentProps>> {
  const list = await api.get<ListResult<Incident>>('/incidents', { status: 'open', pageSize: 200 });
  return {
    type: 'FeatureCollection',
    features: list.items.map((inc) => ({
      type: 'Feature',
      id: inc.id,
      geometry: { type: 'Point', coordinates: [inc.location.lon, inc.location.lat] },
      properties: { id: inc.id, number: inc.number, title: inc.title, grade: inc.grade ?? 'none' },
    })),
  };
}

/** Follows a link inside the single-page app (the router listens to popstate). */
function navigateTo(path: string): void {
  window.history.pushState({}, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function popupContent(p: IncidentProps): HTMLElement {
  const root = document.createElement('div');
  root.className = 'incident-popup';
  root.dataset.number = p.number;
  const head = document.createElement('div');
  head.className = 'incident-popup-head';
  const number = document.createElement('span');
  number.className = 'incident-popup-number';
  number.textContent = p.number;
  const grade = document.createElement('span');
  grade.className = 'incident-popup-grade';
  grade.dataset.grade = p.grade;
  grade.style.background = GRADE_HEX[p.grade as keyof typeof GRADE_HEX] ?? GRADE_HEX.none;
  grade.textContent = p.grade === 'none' ? i18n.t('incidents.gradePending') : incidentLabel(p.grade, currentLang());
  head.append(number, grade);
  const title = document.createElement('div');
  title.className = 'incident-popup-title';
  title.textContent = p.title;
  const link = document.createElement('a');
  link.href = `/incidents/${p.id}`;
  link.className = 'incident-popup-link';
  link.textContent = i18n.t('incidents.map.openDetail');
  link.addEventListener('click', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    navigateTo(link.pathname);
  });
  root.append(head, title, link);
  return root;
}

interface LayerState {
  generation: number;
  popup: maplibregl.Popup | null;
  onClick: ((e: MapLayerMouseEvent) => void) | null;
  onEnter: (() => void) | null;
  onLeave: (() => void) | null;
  stopLive: (() => void) | null;
}

const states = new WeakMap<MaplibreMap, LayerState>();

function stateOf(map: MaplibreMap): LayerState {
  let state = states.get(map);
  if (!state) {
    state = { generation: 0, popup: null, onClick: null, onEnter: null, onLeave: null, stopLive: null };
    states.set(map, state);
  }
  return state;
}

function removeFromMap(map: MaplibreMap, state: LayerState) {
  state.stopLive?.();
  state.stopLive = null;
  state.popup?.remove();
  state.popup = null;
  if (state.onClick) map.off('click', CIRCLE_ID, state.onClick);
  if (state.onEnter) map.off('mouseenter', CIRCLE_ID, state.onEnter);
  if (state.onLeave) map.off('mouseleave', CIRCLE_ID, state.onLeave);
  state.onClick = state.onEnter = state.onLeave = null;
  if (map.getLayer(CIRCLE_ID)) map.removeLayer(CIRCLE_ID);
  if (map.getSource(SOURCE_ID)) map.removeSource(SOURCE_ID);
}

registerMapLayer({
  id: 'incidents',
  titleKey: 'map.layerNames.incidents',
  group: 'incidents',
  order: 50,
  async add(map) {
    const state = stateOf(map);
    const generation = ++state.generation;
    const data = await loadOpenIncidents();
    if (state.generation !== generation) return;

    removeFromMap(map, state);
    map.addSource(SOURCE_ID, { type: 'geojson', data });
    map.addLayer({
      id: CIRCLE_ID,
      type: 'circle',
      source: SOURCE_ID,
      paint: {
        'circle-radius': ['match', ['get', 'grade'], 'especially_major', 11, 'major', 10, 'larger', 9, 8],
        'circle-color': [
          'match',
          ['get', 'grade'],
          'general',
          GRADE_HEX.general,
          'larger',
          GRADE_HEX.larger,
          'major',
          GRADE_HEX.major,
          'especially_major',
          GRADE_HEX.especially_major,
          GRADE_HEX.none,
        ],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
        'circle-opacity': 0.95,
      },
    });

    state.onClick = (e) => {
      const f = e.features?.[0];
      if (!f) return;
      const p = f.properties as Partial<IncidentProps>;
      if (!p.id || !p.number) return;
      state.popup?.remove();
      state.popup = new maplibregl.Popup({ closeButton: true, maxWidth: '280px' })
        .setLngLat(e.lngLat)
        .setDOMContent(
          popupContent({ id: p.id, number: p.number, title: String(p.title ?? ''), grade: String(p.grade ?? 'none') }),
        )
        .addTo(map);
    };
    state.onEnter = () => {
      map.getCanvas().style.cursor = 'pointer';
    };
    state.onLeave = () => {
      map.getCanvas().style.cursor = '';
    };
    map.on('click', CIRCLE_ID, state.onClick);
    map.on('mouseenter', CIRCLE_ID, state.onEnter);
    map.on('mouseleave', CIRCLE_ID, state.onLeave);

    // Live events: reload the points while the layer is on.
    state.stopLive = onIncidentsChanged(() => {
      const g = state.generation;
      loadOpenIncidents().then(
        (fresh) => {
          if (state.generation !== g) return;
          const source = map.getSource<GeoJSONSource>(SOURCE_ID);
          source?.setData(fresh);
        },
        () => undefined,
      );
    });
  },
  remove(map) {
    const state = stateOf(map);
    state.generation++;
    removeFromMap(map, state);
  },
});
