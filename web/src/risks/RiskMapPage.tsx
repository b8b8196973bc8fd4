import { useEffect, useRef, useState } from 'react';
import maplibregl, { type Map as MaplibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { Alert, Card, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../app/api';
import { usePublicConfig } from '../app/queries';
import { DivisionPicker } from '../admin/DivisionPicker';
import { loadDivisionData } from '../map/divisionsLayer';
import { buildStyle } from '../map/style';
import { RISKS_NS } from './i18n';
import { addRiskMap, MHS_HEX, removeRiskMap, VULNERABLE_HEX } from './riskLayer';
import { LEVEL_COLOR, RISK_COLOR_HEX } from './components';
import { RISK_LEVELS } from '@yingji/contracts';

const DEFAULT_CITY = { code: '140300', center: { lon: 113.58, lat: 37.86 } };

interface Counts {
  risk: number;
  mhs: number;
  vt: number;
}

function Legend({ counts }: { counts: Counts | null }) {
  const { t } = useTranslation(RISKS_NS);
  return (
    <div className="risk-map-legend" data-testid="risk-map-legend">
      {RISK_LEVELS.map((l) => (
        <span key={l} className="risk-legend-item">
          <span className="risk-legend-dot" style={{ background: RISK_COLOR_HEX[LEVEL_COLOR[l]] }} />
          {t(`levels.${l}`)}
        </span>
      ))}
      <span className="risk-legend-item">
        <span className="risk-legend-dot risk-legend-mhs" style={{ background: MHS_HEX }} />
        {t('map.layers.major_hazard_source')}
        {counts ? ` ${counts.mhs}` : ''}
      </span>
      <span className="risk-legend-item">
        <span className="risk-legend-dot risk-legend-vt" style={{ borderColor: VULNERABLE_HEX }} />
        {t('map.layers.vulnerable_target')}
        {counts ? ` ${counts.vt}` : ''}
      </span>
    </div>
  );
}

/**
 * 安全风险"一张图": risk points in their colour, major hazard sources with their radius rings and vulnerable
 * targets, over the city's district boundaries; a county filter narrows it and fits the view.
 */
export default function RiskMapPage() {
  const { t } = useTranslation(RISKS_NS);
  const config = usePublicConfig();
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [mapError, setMapError] = useState<string | null>(null);
  const [divisionCode, setDivisionCode] = useState<string | undefined>();
  const [counts, setCounts] = useState<Counts | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);

  const configSettled = !config.isPending;
  const configData = config.data;

  useEffect(() => {
    const container = containerRef.current;
    if (!configSettled || !container) return;
    const center = configData?.city.center ?? DEFAULT_CITY.center;
    let instance: MaplibreMap;
    try {
      instance = new maplibregl.Map({
        container,
        style: buildStyle(configData),
        center: [center.lon, center.lat],
        zoom: 8.5,
        attributionControl: { compact: true },
        dragRotate: false,
        pitchWithRotate: false,
      });
    } catch (err) {
      setMapError(errorMessage(err));
      return;
    }
    instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    instance.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    instance.on('error', () => undefined); // an unreachable tile server leaves the points on the background
    let cancelled = false;
    instance.on('load', () => {
      if (cancelled) return;
      instance.addSource('risk-map-boundaries', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      instance.addLayer({
        id: 'risk-map-boundaries-line',
        type: 'line',
        source: 'risk-map-boundaries',
        paint: { 'line-color': '#5b6b82', 'line-width': 1.2 },
      });
      loadDivisionData(configData?.city.code ?? DEFAULT_CITY.code).then(
        (data) => {
          if (cancelled) return;
          instance.getSource<maplibregl.GeoJSONSource>('risk-map-boundaries')?.setData(data.boundaries);
        },
        () => undefined,
      );
      setMap(instance);
    });
    return () => {
      cancelled = true;
      removeRiskMap(instance);
      setMap(null);
      instance.remove();
    };
  }, [configSettled, configData]);

  useEffect(() => {
    if (!map) return;
    let cancelled = false;
    setLoading(true);
    setLoadError(null);
    addRiskMap(map, divisionCode).then(
      (drawn) => {
        if (cancelled) return;
        setLoading(false);
        const features = drawn.points.features;
        setCounts({
          risk: features.filter((f) => f.properties.layer === 'risk_point').length,
          mhs: features.filter((f) => f.properties.layer === 'major_hazard_source').length,
          vt: features.filter((f) => f.properties.layer === 'vulnerable_target').length,
        });
        if (features.length > 0) {
          const bounds = new maplibregl.LngLatBounds();
          for (const f of features) bounds.extend(f.geometry.coordinates as [number, number]);
          // Keep the radius rings of major hazard sources in view too.
          for (const ring of drawn.rings.features)
            for (const p of ring.geometry.coordinates[0] ?? []) bounds.extend(p as [number, number]);
          map.fitBounds(bounds, { padding: 48, maxZoom: 13, duration: 0 });
        }
      },
      (err: unknown) => {
        if (cancelled) return;
        setLoading(false);
        setLoadError(err);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [map, divisionCode]);

  return (
    <Card
      data-testid="risk-map-page"
      title={t('tabs.map')}
      className="risk-map-card"
      extra={
        <DivisionPicker
          allowClear
          style={{ width: 180 }}
          placeholder={t('fields.divisionFilter')}
          value={divisionCode}
          onChange={setDivisionCode}
        />
      }
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {loadError !== null && <Alert type="error" showIcon title={errorMessage(loadError)} />}
        {mapError && <Alert type="error" showIcon title={t('map.webglError')} description={mapError} />}
        <div className="risk-map-wrap">
          <div
            ref={containerRef}
            className="risk-map"
            data-testid="risk-map"
            data-risk-points={counts?.risk ?? ''}
            data-major-hazard-sources={counts?.mhs ?? ''}
            data-vulnerable-targets={counts?.vt ?? ''}
          />
          {(loading || (!map && !mapError)) && <Spin className="risk-map-spin" />}
        </div>
        <Legend counts={counts} />
        {counts && (
          <Typography.Text type="secondary" data-testid="risk-map-counts">
            {t('map.counts', { ...counts })}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
