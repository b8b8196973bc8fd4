import { useEffect, useRef, useState } from 'react';
import maplibregl, { type GeoJSONSource, type Map as MaplibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { Alert, Card, Select, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { READINESS_TARGETS } from '@yingji/contracts';
import { ApiError } from '../app/api';
import { ErrorAlert } from '../app/components';
import { usePublicConfig } from '../app/queries';
import { loadDivisionData, type DivisionProps } from '../map/divisionsLayer';
import { buildStyle } from '../map/style';
import { RESOURCES_NS } from './i18n';
import { useFireCoverage, type ReadinessRow } from './api';

const BOUNDARY_SOURCE = 'coverage-boundary';
const ISOCHRONE_SOURCE = 'coverage-isochrone';
const DEFAULT_CITY_CODE = '140300';
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

type Boundary = Feature<Polygon | MultiPolygon, DivisionProps>;

function boundsOf(feature: Boundary): maplibregl.LngLatBounds | null {
  let bounds: maplibregl.LngLatBounds | null = null;
  const polygons: Position[][][] =
    feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (const [lon, lat] of ring) {
        if (lon === undefined || lat === undefined) continue;
        if (!bounds) bounds = new maplibregl.LngLatBounds([lon, lat], [lon, lat]);
        else bounds.extend([lon, lat]);
      }
    }
  }
  return bounds;
}

/**
 * 5 分钟消防覆盖: for one chosen county, the area reached within 5 minutes by road from the fire
 * stations (the coverage API's isochrone) drawn over the county's boundary, with the share.
 */
export function CoverageMap({ rows }: { rows: ReadinessRow[] }) {
  const { t } = useTranslation(RESOURCES_NS);
  const config = usePublicConfig();
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [failed, setFailed] = useState(false);
  const [chosen, setChosen] = useState<string | undefined>();
  const divisionCode = chosen ?? rows[0]?.divisionCode;
  const coverage = useFireCoverage(divisionCode);
  const [boundaries, setBoundaries] = useState<Boundary[]>([]);

  const configSettled = !config.isPending;
  const configData = config.data;

  useEffect(() => {
    const container = containerRef.current;
    if (!configSettled || !container) return;
    let instance: MaplibreMap;
    try {
      instance = new maplibregl.Map({
        container,
        style: buildStyle(configData),
        center: [113.58, 37.86],
        zoom: 8,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
      });
    } catch {
      setFailed(true);
      return;
    }
    instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    instance.on('error', () => undefined); // an unreachable tile server leaves the shapes on the background
    let cancelled = false;
    instance.on('load', () => {
      if (cancelled) return;
      instance.addSource(ISOCHRONE_SOURCE, { type: 'geojson', data: EMPTY });
      instance.addLayer({
        id: `${ISOCHRONE_SOURCE}-fill`,
        type: 'fill',
        source: ISOCHRONE_SOURCE,
        paint: { 'fill-color': '#d4380d', 'fill-opacity': 0.45 },
      });
      instance.addSource(BOUNDARY_SOURCE, { type: 'geojson', data: EMPTY });
      instance.addLayer({
        id: `${BOUNDARY_SOURCE}-line`,
        type: 'line',
        source: BOUNDARY_SOURCE,
        paint: { 'line-color': '#2b4a7a', 'line-width': 2 },
      });
      setMap(instance);
      loadDivisionData(configData?.city.code ?? DEFAULT_CITY_CODE).then(
        (data) => {
          if (!cancelled) setBoundaries(data.boundaries.features);
        },
        () => undefined,
      );
    });
    return () => {
      cancelled = true;
      setMap(null);
      instance.remove();
    };
  }, [configSettled, configData]);

  const boundary = boundaries.find((f) => f.properties.code === divisionCode);
  useEffect(() => {
    if (!map) return;
    const source = map.getSource<GeoJSONSource>(BOUNDARY_SOURCE);
    source?.setData(boundary ? { type: 'FeatureCollection', features: [boundary] } : EMPTY);
    const bounds = boundary && boundsOf(boundary);
    if (bounds) map.fitBounds(bounds, { padding: 20, duration: 0 });
  }, [map, boundary]);

  const isochrone = coverage.data?.divisionCode === divisionCode ? coverage.data?.isochrone : undefined;
  useEffect(() => {
    if (!map) return;
    map.getSource<GeoJSONSource>(ISOCHRONE_SOURCE)?.setData(isochrone ?? EMPTY);
  }, [map, isochrone]);

  const routerDown = coverage.error instanceof ApiError && coverage.error.code === 'ROUTER_UNAVAILABLE';
  const share = coverage.data?.share;
  const met = share !== undefined && share >= READINESS_TARGETS.fireCoverage5min;

  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={t('coverage.title')}
      data-testid="coverage-card"
      extra={
        <Select
          style={{ width: 200 }}
          value={divisionCode}
          placeholder={t('coverage.division')}
          onChange={setChosen}
          options={rows.map((r) => ({ value: r.divisionCode, label: r.divisionName || r.divisionCode }))}
          data-testid="coverage-division"
        />
      }
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Space wrap data-testid="coverage-summary">
          <Typography.Text type="secondary">{t('coverage.help')}</Typography.Text>
          {coverage.isFetching && <Spin size="small" />}
          {share !== undefined && coverage.data && (
            <>
              <span className="resources-quantity">
                {t('coverage.share', {
                  share: (share * 100).toFixed(1),
                  reached: coverage.data.reachedPoints,
                  sampled: coverage.data.sampledPoints,
                  bases: coverage.data.bases,
                })}
              </span>
              <Tag color={met ? 'green' : 'red'} data-testid={met ? 'coverage-met' : 'coverage-unmet'}>
                {met ? t('readiness.met') : t('readiness.unmet')}
              </Tag>
            </>
          )}
        </Space>
        {routerDown && <Alert type="info" showIcon title={t('coverage.noRouter')} data-testid="coverage-no-router" />}
        {coverage.isError && !routerDown && <ErrorAlert error={coverage.error} />}
        <div ref={containerRef} className="resources-coverage-map" data-testid="coverage-map" />
        {failed && <Typography.Text type="danger">{t('coverage.webglError')}</Typography.Text>}
        <Space size={16} wrap>
          <span>
            <span className="resources-legend-swatch" style={{ background: 'rgba(212, 56, 13, 0.45)' }} />
            {t('coverage.legendReached')}
          </span>
          <span>
            <span className="resources-legend-swatch resources-legend-line" />
            {t('coverage.legendBoundary')}
          </span>
        </Space>
      </Space>
    </Card>
  );
}
