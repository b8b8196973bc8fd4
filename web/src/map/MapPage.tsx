import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import maplibregl, { type Map as MaplibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { Alert, Card, Checkbox, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../app/api';
import { usePublicConfig } from '../app/queries';
import { getMapLayers, subscribeMapLayers, type MapLayerDef } from './layers';
import './divisionsLayer';
import '../incidents/incidentsLayer';
import '../monitoring/monitoringLayer';
import '../risks/riskLayer';
import { registerResourcesLayer } from '../resources/resourcesLayer';

registerResourcesLayer();
import { buildStyle } from './style';
import './map.css';

const DEFAULT_CITY = { code: '140300', center: { lon: 113.58, lat: 37.86 } };

type LayerStatus = { state: 'loading' } | { state: 'ready' } | { state: 'error'; message: string };

function LayerPanel({
  layers,
  visible,
  status,
  onToggle,
}: {
  layers: readonly MapLayerDef[];
  visible: Record<string, boolean>;
  status: Record<string, LayerStatus>;
  onToggle: (id: string, on: boolean) => void;
}) {
  const { t } = useTranslation();
  const groups = useMemo(() => {
    const byGroup = new Map<string, MapLayerDef[]>();
    for (const layer of layers) {
      const list = byGroup.get(layer.group) ?? [];
      list.push(layer);
      byGroup.set(layer.group, list);
    }
    return [...byGroup.entries()];
  }, [layers]);

  return (
    <Card size="small" title={t('map.layers')} className="map-layer-panel" data-testid="map-layer-panel">
      {groups.length === 0 && <Typography.Text type="secondary">{t('map.noLayers')}</Typography.Text>}
      {groups.map(([group, list]) => (
        <div key={group} className="map-layer-group">
          <Typography.Text type="secondary" className="map-layer-group-title">
            {t(`map.groups.${group}`)}
          </Typography.Text>
          <Space orientation="vertical" size={4}>
            {list.map((layer) => {
              const s = status[layer.id];
              return (
                <div key={layer.id}>
                  <Checkbox
                    checked={visible[layer.id] ?? false}
                    onChange={(e) => onToggle(layer.id, e.target.checked)}
                    data-testid={`map-layer-${layer.id}`}
                  >
                    {t(layer.titleKey)}
                  </Checkbox>
                  {s?.state === 'loading' && <Spin size="small" />}
                  {s?.state === 'error' && (
                    <Typography.Text type="danger" className="map-layer-error">
                      {s.message}
                    </Typography.Text>
                  )}
                </div>
              );
            })}
          </Space>
        </div>
      ))}
    </Card>
  );
}

export default function MapPage() {
  const { t } = useTranslation();
  const config = usePublicConfig();
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [mapError, setMapError] = useState<string | null>(null);
  const layers = useSyncExternalStore(subscribeMapLayers, getMapLayers);
  const [visible, setVisible] = useState<Record<string, boolean>>({});
  const [status, setStatus] = useState<Record<string, LayerStatus>>({});
  const activeRef = useRef(new Set<string>());

  const configSettled = !config.isPending;
  const configData = config.data;
  const cityCode = configData?.city.code ?? DEFAULT_CITY.code;

  // Create the map once the public config is known (or failed: then no basemap).
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
    let warnedTiles = false;
    instance.on('error', (e) => {
      // An unreachable tile server must not break the map: the vector layers still draw on the background.
      if (!warnedTiles) {
        warnedTiles = true;
        console.warn('map error', e.error);
      }
    });
    const active = activeRef.current;
    instance.on('load', () => setMap(instance));
    return () => {
      for (const id of active)
        getMapLayers()
          .find((l) => l.id === id)
          ?.remove(instance);
      active.clear();
      setMap(null);
      instance.remove();
    };
  }, [configSettled, configData]);

  // Default visibility for layers registered so far (and later).
  useEffect(() => {
    setVisible((prev) => {
      let changed = false;
      const next = { ...prev };
      for (const layer of layers) {
        if (next[layer.id] === undefined) {
          next[layer.id] = layer.defaultVisible ?? true;
          changed = true;
        }
      }
      return changed ? next : prev;
    });
  }, [layers]);

  // Keep the map's layers in line with the checkboxes.
  useEffect(() => {
    if (!map) return;
    const active = activeRef.current;
    for (const layer of layers) {
      const want = visible[layer.id] ?? false;
      if (want && !active.has(layer.id)) {
        active.add(layer.id);
        setStatus((s) => ({ ...s, [layer.id]: { state: 'loading' } }));
        Promise.resolve()
          .then(() => layer.add(map, { cityCode }))
          .then(
            () => setStatus((s) => ({ ...s, [layer.id]: { state: 'ready' } })),
            (err: unknown) => {
              active.delete(layer.id);
              setStatus((s) => ({ ...s, [layer.id]: { state: 'error', message: errorMessage(err) } }));
            },
          );
      } else if (!want && active.has(layer.id)) {
        active.delete(layer.id);
        layer.remove(map);
        setStatus((s) => ({ ...s, [layer.id]: { state: 'ready' } }));
      }
    }
  }, [map, layers, visible, cityCode]);

  const loadingError = Object.values(status).find((s) => s.state === 'error');

  return (
    <div className="map-page">
      <div ref={containerRef} className="map-container" data-testid="map" />
      {!map && !mapError && <Spin size="large" className="map-loading" />}
      {mapError && (
        <Alert className="map-alert" type="error" showIcon title={t('map.webglError')} description={mapError} />
      )}
      {loadingError?.state === 'error' && (
        <Alert
          className="map-alert"
          type="error"
          showIcon
          title={t('map.layerError')}
          description={loadingError.message}
        />
      )}
      <LayerPanel
        layers={layers}
        visible={visible}
        status={status}
        onToggle={(id, on) => setVisible((v) => ({ ...v, [id]: on }))}
      />
    </div>
  );
}
