import { useEffect, useRef, useState } from 'react';
import maplibregl, { type GeoJSONSource, type Map as MaplibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { Button, Segmented, Space, Typography } from 'antd';
import { ClearOutlined, CheckOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { usePublicConfig } from '../app/queries';
import { loadDivisionData } from '../map/divisionsLayer';
import { buildStyle } from '../map/style';
import { WARNINGS_NS } from './i18n';

/** A vertex of the drawn polygon: [longitude, latitude]. */
export type Vertex = [number, number];

export interface DrawnPolygon {
  /** The ring's vertices, without repeating the first one at the end. */
  vertices: Vertex[];
  closed: boolean;
}

export type MapMode = 'divisions' | 'polygon';

const DEFAULT_CITY = { code: '140300', center: { lon: 113.58, lat: 37.86 } };
const DIV_SOURCE = 'wm-divisions';
const DIV_FILL = 'wm-divisions-fill';
const DIV_LINE = 'wm-divisions-line';
const DRAW_SOURCE = 'wm-draw';
const UNSELECTED = '#9aa9bb';

/** The GeoJSON Polygon of a closed drawing (the ring repeats its first vertex). */
export function toGeoJsonPolygon(p: DrawnPolygon): { type: 'Polygon'; coordinates: Vertex[][] } | null {
  const first = p.vertices[0];
  if (!p.closed || p.vertices.length < 3 || !first) return null;
  return { type: 'Polygon', coordinates: [[...p.vertices, first]] };
}

/** The drawing of a stored polygon (its outer ring). */
export function fromGeoJsonPolygon(polygon: { coordinates: [number, number][][] } | null | undefined): DrawnPolygon {
  const ring = polygon?.coordinates[0];
  if (!ring || ring.length < 4) return { vertices: [], closed: false };
  return { vertices: ring.slice(0, -1).map(([lon, lat]) => [lon, lat]), closed: true };
}

function drawData(p: DrawnPolygon): FeatureCollection<Geometry> {
  const features: Feature<Geometry>[] = [];
  const poly = toGeoJsonPolygon(p);
  if (poly) features.push({ type: 'Feature', properties: { kind: 'area' }, geometry: poly });
  else if (p.vertices.length >= 2)
    features.push({
      type: 'Feature',
      properties: { kind: 'edge' },
      geometry: { type: 'LineString', coordinates: p.vertices },
    });
  if (!p.closed)
    for (const v of p.vertices)
      features.push({ type: 'Feature', properties: { kind: 'vertex' }, geometry: { type: 'Point', coordinates: v } });
  return { type: 'FeatureCollection', features };
}

/**
 * The map of a warning's area: the city's districts (the targeted ones filled in the level's
 * colour) and the warning polygon. When editable, clicking a district toggles it ("divisions"
 * mode) or clicking adds polygon vertices ("polygon" mode; double-click or 闭合 closes the ring).
 */
export function WarningMap({
  divisionCodes,
  polygon,
  colour,
  editable = false,
  onToggleDivision,
  onPolygonChange,
  height = 420,
  testId = 'warning-map',
}: {
  divisionCodes: readonly string[];
  polygon: DrawnPolygon;
  colour: string;
  editable?: boolean;
  onToggleDivision?: (code: string) => void;
  onPolygonChange?: (p: DrawnPolygon) => void;
  height?: number;
  testId?: string;
}) {
  const { t } = useTranslation(WARNINGS_NS);
  const config = usePublicConfig();
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [outlines, setOutlines] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [failed, setFailed] = useState(false);
  const [mode, setMode] = useState<MapMode>('divisions');

  // Handlers registered once read the latest props through this ref.
  const latest = useRef({ mode, polygon, editable, onToggleDivision, onPolygonChange });
  useEffect(() => {
    latest.current = { mode, polygon, editable, onToggleDivision, onPolygonChange };
  });

  const configSettled = !config.isPending;
  const configData = config.data;

  useEffect(() => {
    const container = containerRef.current;
    if (!configSettled || !container) return;
    const center = configData?.city.center ?? DEFAULT_CITY.center;
    const cityCode = configData?.city.code ?? DEFAULT_CITY.code;
    let instance: MaplibreMap;
    try {
      instance = new maplibregl.Map({
        container,
        style: buildStyle(configData),
        center: [center.lon, center.lat],
        zoom: 8,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        doubleClickZoom: false,
      });
    } catch {
      setFailed(true);
      return;
    }
    instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    instance.on('error', () => undefined); // an unreachable tile server leaves the districts on the background
    let cancelled = false;
    const labels: maplibregl.Marker[] = [];
    instance.on('load', () => {
      instance.addSource(DRAW_SOURCE, { type: 'geojson', data: drawData(latest.current.polygon) });
      instance.addLayer({
        id: 'wm-draw-fill',
        type: 'fill',
        source: DRAW_SOURCE,
        filter: ['==', ['get', 'kind'], 'area'],
        paint: { 'fill-color': '#7a1fa2', 'fill-opacity': 0.25 },
      });
      instance.addLayer({
        id: 'wm-draw-line',
        type: 'line',
        source: DRAW_SOURCE,
        filter: ['!=', ['get', 'kind'], 'vertex'],
        paint: { 'line-color': '#7a1fa2', 'line-width': 2.5, 'line-dasharray': [2, 1] },
      });
      instance.addLayer({
        id: 'wm-draw-vertex',
        type: 'circle',
        source: DRAW_SOURCE,
        filter: ['==', ['get', 'kind'], 'vertex'],
        paint: {
          'circle-radius': 5,
          'circle-color': '#ffffff',
          'circle-stroke-color': '#7a1fa2',
          'circle-stroke-width': 2,
        },
      });
      setMap(instance);
      loadDivisionData(cityCode).then(
        (data) => {
          if (cancelled) return;
          instance.addSource(DIV_SOURCE, { type: 'geojson', data: data.boundaries });
          instance.addLayer(
            {
              id: DIV_FILL,
              type: 'fill',
              source: DIV_SOURCE,
              paint: { 'fill-color': UNSELECTED, 'fill-opacity': 0.2 },
            },
            'wm-draw-fill',
          );
          instance.addLayer(
            {
              id: DIV_LINE,
              type: 'line',
              source: DIV_SOURCE,
              paint: { 'line-color': '#2b4a7a', 'line-width': 1.2 },
            },
            'wm-draw-fill',
          );
          for (const d of data.divisions) {
            if (!d.centroid) continue;
            const el = document.createElement('div');
            el.className = 'warning-map-label';
            el.textContent = d.name;
            labels.push(
              new maplibregl.Marker({ element: el }).setLngLat([d.centroid.lon, d.centroid.lat]).addTo(instance),
            );
          }
          const bounds = new maplibregl.LngLatBounds();
          for (const f of data.boundaries.features) {
            const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
            for (const poly of polygons)
              for (const ring of poly)
                for (const [lon, lat] of ring) if (lon !== undefined && lat !== undefined) bounds.extend([lon, lat]);
          }
          for (const [lon, lat] of latest.current.polygon.vertices) bounds.extend([lon, lat]);
          if (!bounds.isEmpty()) instance.fitBounds(bounds, { padding: 16, duration: 0 });
          setOutlines('ready');
        },
        () => {
          if (!cancelled) setOutlines('failed');
        },
      );
    });
    instance.on('click', (e) => {
      const cur = latest.current;
      if (!cur.editable) return;
      if (cur.mode === 'polygon') {
        // The second click of a double-click closes the ring (below) rather than adding a vertex.
        if (e.originalEvent.detail >= 2 || cur.polygon.closed) return;
        const v: Vertex = [Number(e.lngLat.lng.toFixed(6)), Number(e.lngLat.lat.toFixed(6))];
        cur.onPolygonChange?.({ vertices: [...cur.polygon.vertices, v], closed: false });
        return;
      }
      if (!instance.getLayer(DIV_FILL)) return;
      const hit = instance.queryRenderedFeatures(e.point, { layers: [DIV_FILL] })[0];
      const code = (hit?.properties as { code?: unknown } | undefined)?.code;
      if (typeof code === 'string') cur.onToggleDivision?.(code);
    });
    instance.on('dblclick', (e) => {
      const cur = latest.current;
      if (!cur.editable || cur.mode !== 'polygon' || cur.polygon.closed) return;
      e.preventDefault();
      if (cur.polygon.vertices.length >= 3) cur.onPolygonChange?.({ vertices: cur.polygon.vertices, closed: true });
    });
    return () => {
      cancelled = true;
      for (const m of labels) m.remove();
      setMap(null);
      setOutlines('loading');
      instance.remove();
    };
  }, [configSettled, configData]);

  useEffect(() => {
    if (!map) return;
    map.getCanvas().style.cursor = editable ? (mode === 'polygon' ? 'crosshair' : 'pointer') : '';
  }, [map, editable, mode]);

  // Targeted districts in the level's colour.
  const selectedKey = divisionCodes.join(',');
  useEffect(() => {
    if (!map || outlines !== 'ready' || !map.getLayer(DIV_FILL)) return;
    const codes = selectedKey ? selectedKey.split(',') : [];
    const selected = ['in', ['get', 'code'], ['literal', codes]] as const;
    map.setPaintProperty(DIV_FILL, 'fill-color', ['case', selected, colour, UNSELECTED]);
    map.setPaintProperty(DIV_FILL, 'fill-opacity', ['case', selected, 0.5, 0.15]);
  }, [map, outlines, selectedKey, colour]);

  const drawKey = JSON.stringify(polygon);
  useEffect(() => {
    const source = map?.getSource<GeoJSONSource>(DRAW_SOURCE);
    source?.setData(drawData(JSON.parse(drawKey) as DrawnPolygon));
  }, [map, drawKey]);

  const canClose = !polygon.closed && polygon.vertices.length >= 3;
  const hint =
    mode === 'divisions' ? t('map.hintDivisions') : polygon.closed ? t('map.hintClosed') : t('map.hintPolygon');

  return (
    <div className="warning-map-wrap">
      {editable && (
        <div className="warning-map-toolbar">
          <Segmented<MapMode>
            value={mode}
            onChange={setMode}
            options={[
              { value: 'divisions', label: <span data-testid="map-mode-divisions">{t('map.modeDivisions')}</span> },
              { value: 'polygon', label: <span data-testid="map-mode-polygon">{t('map.modePolygon')}</span> },
            ]}
          />
          {mode === 'polygon' && (
            <Space size={4} wrap>
              <Button
                size="small"
                icon={<CheckOutlined />}
                disabled={!canClose}
                onClick={() => onPolygonChange?.({ vertices: polygon.vertices, closed: true })}
                data-testid="polygon-close"
              >
                {t('map.close')}
              </Button>
              <Button
                size="small"
                icon={<UndoOutlined />}
                disabled={polygon.closed || polygon.vertices.length === 0}
                onClick={() => onPolygonChange?.({ vertices: polygon.vertices.slice(0, -1), closed: false })}
                data-testid="polygon-undo"
              >
                {t('map.undo')}
              </Button>
              <Button
                size="small"
                icon={<ClearOutlined />}
                disabled={polygon.vertices.length === 0}
                onClick={() => onPolygonChange?.({ vertices: [], closed: false })}
                data-testid="polygon-clear"
              >
                {t('map.clear')}
              </Button>
            </Space>
          )}
        </div>
      )}
      <div
        ref={containerRef}
        className="warning-map"
        style={{ height }}
        role="region"
        aria-label={t('map.label')}
        data-testid={testId}
        data-ready={map && outlines !== 'loading' ? 'true' : 'false'}
        data-mode={mode}
        data-vertices={polygon.vertices.length}
        data-closed={polygon.closed ? 'true' : 'false'}
      />
      {failed ? (
        <Typography.Text type="danger" className="warning-map-hint">
          {t('map.webglError')}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary" className="warning-map-hint">
          {editable ? hint : outlines === 'failed' ? t('map.noOutline') : null}
        </Typography.Text>
      )}
    </div>
  );
}
