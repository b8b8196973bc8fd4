import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import maplibregl, { type Map as MaplibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { Alert, List, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../app/api';
import { useAuth } from '../app/auth';
import { usePublicConfig } from '../app/queries';
import { loadDivisionData } from '../map/divisionsLayer';
import { buildStyle } from '../map/style';
import type { NearestItem, NearestResult } from '../resources/api';
import { COMMAND_NS } from './i18n';

const SOURCE_ID = 'command-divisions';
const DEFAULT_CITY_CODE = '140300';

export interface LonLat {
  lon: number;
  lat: number;
}

/** The nearest available rescue teams by road (the resources module's nearest API). */
function useNearestTeams(location: LonLat, enabled: boolean) {
  return useQuery({
    queryKey: ['command-map', 'nearest', location.lon, location.lat],
    queryFn: ({ signal }) =>
      api.get<NearestResult>(
        '/resources/nearest',
        { lon: location.lon, lat: location.lat, kind: 'team', limit: 8, maxMinutes: 60 },
        signal,
      ),
    enabled,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** A small map of the incident and the nearest rescue teams, with the teams listed by travel time below it. */
export function BoardMap({ location }: { location: LonLat }) {
  const { t } = useTranslation(COMMAND_NS);
  const { can } = useAuth();
  const config = usePublicConfig();
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [failed, setFailed] = useState(false);
  const nearest = useNearestTeams(location, can('resource.read'));
  const teams = nearest.data?.items ?? [];

  const configSettled = !config.isPending;
  const configData = config.data;
  const { lon, lat } = location;

  useEffect(() => {
    const container = containerRef.current;
    if (!configSettled || !container) return;
    let instance: MaplibreMap;
    try {
      instance = new maplibregl.Map({
        container,
        style: buildStyle(configData),
        center: [lon, lat],
        zoom: 10,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
      });
    } catch {
      setFailed(true);
      return;
    }
    instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    instance.on('error', () => undefined); // an unreachable tile server leaves the districts on the background
    let cancelled = false;
    instance.on('load', () => {
      if (cancelled) return;
      setMap(instance);
      loadDivisionData(configData?.city.code ?? DEFAULT_CITY_CODE).then(
        (data) => {
          if (cancelled) return;
          instance.addSource(SOURCE_ID, { type: 'geojson', data: data.boundaries });
          instance.addLayer({
            id: `${SOURCE_ID}-fill`,
            type: 'fill',
            source: SOURCE_ID,
            paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.15 },
          });
          instance.addLayer({
            id: `${SOURCE_ID}-line`,
            type: 'line',
            source: SOURCE_ID,
            paint: { 'line-color': '#2b4a7a', 'line-width': 1 },
          });
        },
        () => undefined,
      );
    });
    const incidentMarker = new maplibregl.Marker({ color: '#cf1322' }).setLngLat([lon, lat]).addTo(instance);
    incidentMarker.getElement().setAttribute('data-testid', 'board-map-incident');
    incidentMarker.getElement().title = t('map.incident');
    return () => {
      cancelled = true;
      incidentMarker.remove();
      setMap(null);
      instance.remove();
    };
  }, [configSettled, configData, lon, lat, t]);

  useEffect(() => {
    if (!map || teams.length === 0) return;
    const markers = teams.map((team: NearestItem) => {
      const el = document.createElement('div');
      el.className = 'command-map-team';
      el.title = `${team.name} · ${t('map.minutes', { minutes: Math.round(team.travelSeconds / 60) })}`;
      return new maplibregl.Marker({ element: el })
        .setLngLat([team.location.lon, team.location.lat])
        .setPopup(new maplibregl.Popup({ offset: 10, closeButton: false }).setText(el.title))
        .addTo(map);
    });
    const bounds = new maplibregl.LngLatBounds([lon, lat], [lon, lat]);
    for (const team of teams) bounds.extend([team.location.lon, team.location.lat]);
    map.fitBounds(bounds, { padding: 30, maxZoom: 13, duration: 0 });
    return () => {
      for (const m of markers) m.remove();
    };
  }, [map, teams, lon, lat, t]);

  const routerDown = nearest.error instanceof ApiError && nearest.error.code === 'ROUTER_UNAVAILABLE';

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="board-map-card">
      <div ref={containerRef} className="command-map" data-testid="board-map" />
      {failed && <Typography.Text type="danger">{t('map.webglError')}</Typography.Text>}
      {nearest.isError &&
        (routerDown ? (
          <Alert type="info" showIcon title={t('map.noRouter')} data-testid="board-map-no-router" />
        ) : (
          <Alert
            type="warning"
            showIcon
            title={nearest.error instanceof Error ? nearest.error.message : t('map.noRouter')}
            data-testid="board-map-error"
          />
        ))}
      {nearest.isPending && nearest.fetchStatus !== 'idle' && <Skeleton active paragraph={{ rows: 2 }} />}
      {nearest.data && !nearest.data.routed && <Alert type="warning" showIcon title={t('map.notRouted')} />}
      {nearest.data && (
        <List<NearestItem>
          size="small"
          header={<Typography.Text strong>{t('map.teams')}</Typography.Text>}
          dataSource={teams}
          data-testid="board-nearest"
          locale={{ emptyText: t('map.none') }}
          renderItem={(team) => (
            <List.Item key={team.id} data-testid="board-nearest-team">
              <Typography.Text>{team.name}</Typography.Text>
              <Typography.Text type="secondary">
                {t('map.minutes', { minutes: Math.round(team.travelSeconds / 60) })}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

export default BoardMap;
