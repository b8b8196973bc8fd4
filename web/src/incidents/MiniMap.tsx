import { useEffect, useRef, useState } from 'react';
import maplibregl, { type Map as MaplibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePublicConfig } from '../app/queries';
import { loadDivisionData } from '../map/divisionsLayer';
import { buildStyle } from '../map/style';

const DEFAULT_CITY = { code: '140300', center: { lon: 113.58, lat: 37.86 } };
const SOURCE_ID = 'mini-divisions';

export interface LonLat {
  lon: number;
  lat: number;
}

/**
 * A small map of the city's districts (the divisions layer's data, no basemap needed):
 * clicking it picks the incident's location; the marker follows the lon/lat inputs.
 */
export default function MiniMap({ value, onPick }: { value: LonLat | null; onPick: (p: LonLat) => void }) {
  const { t } = useTranslation();
  const config = usePublicConfig();
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [failed, setFailed] = useState(false);
  const markerRef = useRef<maplibregl.Marker | null>(null);
  const onPickRef = useRef(onPick);
  useEffect(() => {
    onPickRef.current = onPick;
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
        zoom: 7.5,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
      });
    } catch {
      setFailed(true);
      return;
    }
    instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    instance.getCanvas().style.cursor = 'crosshair';
    instance.on('error', () => undefined); // an unreachable tile server leaves the districts on the background
    let cancelled = false;
    instance.on('load', () => {
      setMap(instance);
      loadDivisionData(cityCode).then(
        (data) => {
          if (cancelled) return;
          instance.addSource(SOURCE_ID, { type: 'geojson', data: data.boundaries });
          instance.addLayer({
            id: `${SOURCE_ID}-fill`,
            type: 'fill',
            source: SOURCE_ID,
            paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.22 },
          });
          instance.addLayer({
            id: `${SOURCE_ID}-line`,
            type: 'line',
            source: SOURCE_ID,
            paint: { 'line-color': '#2b4a7a', 'line-width': 1.2 },
          });
          const bounds = new maplibregl.LngLatBounds();
          for (const f of data.boundaries.features) {
            const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
            for (const polygon of polygons)
              for (const ring of polygon)
                for (const [lon, lat] of ring) if (lon !== undefined && lat !== undefined) bounds.extend([lon, lat]);
          }
          if (!bounds.isEmpty()) instance.fitBounds(bounds, { padding: 12, duration: 0 });
        },
        () => undefined,
      );
    });
    instance.on('click', (e) => {
      onPickRef.current({ lon: Number(e.lngLat.lng.toFixed(6)), lat: Number(e.lngLat.lat.toFixed(6)) });
    });
    return () => {
      cancelled = true;
      markerRef.current?.remove();
      markerRef.current = null;
      setMap(null);
      instance.remove();
    };
  }, [configSettled, configData]);

  const lon = value?.lon;
  const lat = value?.lat;
  useEffect(() => {
    if (!map) return;
    if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    if (!markerRef.current) markerRef.current = new maplibregl.Marker({ color: '#cf1322' });
    markerRef.current.setLngLat([lon, lat]).addTo(map);
  }, [map, lon, lat]);

  return (
    <div className="incident-minimap-wrap">
      <div ref={containerRef} className="incident-minimap" data-testid="incident-minimap" />
      {failed ? (
        <Typography.Text type="danger" className="incident-minimap-hint">
          {t('map.webglError')}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary" className="incident-minimap-hint">
          {t('incidents.form.mapHint')}
        </Typography.Text>
      )}
    </div>
  );
}
