import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Empty, Form, InputNumber, Radio, Row, Select, Table, Tag, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TEAM_CAPABILITIES } from '@yingji/contracts';
import { api } from '../app/api';
import { DivisionCell, LonLatInput, lonLatValidator, useDivisionNames } from '../app/place';
import { ErrorAlert } from '../app/components';
import { RESOURCES_NS } from './i18n';
import {
  RESOURCES_KEY,
  type LonLat,
  type NearestItem,
  type NearestKind,
  type NearestParams,
  type NearestResult,
  type TeamCapability,
} from './api';
import { IncidentSelect, ItemSelect, formatQuantity } from './components';

const DEFAULT_POINT: LonLat = { lon: 113.58, lat: 37.86 };

interface NearestFormValues {
  location: Partial<LonLat>;
  incidentId?: string;
  kind: NearestKind;
  capability?: TeamCapability;
  itemCode?: string;
  minQuantity?: number | null;
  limit?: number | null;
  maxMinutes?: number | null;
}

interface IncidentDetail {
  id: string;
  location: { lon: number; lat: number; address: string | null };
}

function km(meters: number): string {
  return (meters / 1000).toFixed(1);
}

function toParams(v: NearestFormValues): NearestParams {
  const base = {
    lon: v.location.lon ?? DEFAULT_POINT.lon,
    lat: v.location.lat ?? DEFAULT_POINT.lat,
    kind: v.kind,
    limit: v.limit ?? 10,
    maxMinutes: v.maxMinutes ?? 60,
  };
  if (v.kind === 'team') return { ...base, ...(v.capability ? { capability: v.capability } : {}) };
  return { ...base, itemCode: v.itemCode, minQuantity: v.minQuantity ?? 1 };
}

/** 就近资源: teams or stocked warehouses nearest to a point or an incident, by travel time on the road network. */
export function NearestTab() {
  const { t } = useTranslation(RESOURCES_NS);
  const queryClient = useQueryClient();
  const divisionName = useDivisionNames();
  const [form] = Form.useForm<NearestFormValues>();
  const kind = Form.useWatch('kind', form) ?? 'team';
  const [incidentError, setIncidentError] = useState<unknown>(null);
  const [locating, setLocating] = useState(false);

  const search = useMutation({
    mutationFn: (params: NearestParams) => api.get<NearestResult>('/resources/nearest', { ...params }),
  });

  const pickIncident = async (id: string | undefined) => {
    setIncidentError(null);
    if (!id) return;
    setLocating(true);
    try {
      const incident = await queryClient.fetchQuery({
        queryKey: [RESOURCES_KEY, 'incident', id],
        queryFn: ({ signal }) => api.get<IncidentDetail>(`/incidents/${id}`, undefined, signal),
      });
      form.setFieldValue('location', { lon: incident.location.lon, lat: incident.location.lat });
      void form.validateFields(['location']);
    } catch (err) {
      setIncidentError(err);
    } finally {
      setLocating(false);
    }
  };

  const result = search.data;
  const unit = result?.items.find((i) => i.unit)?.unit ?? '';

  return (
    <>
      <Form<NearestFormValues>
        form={form}
        layout="vertical"
        data-testid="nearest-form"
        initialValues={{ location: DEFAULT_POINT, kind: 'team', limit: 10, maxMinutes: 60, minQuantity: 1 }}
        onFinish={(values) => {
          const params = toParams(values);
          search.mutate(params);
        }}
      >
        <Row gutter={12}>
          <Col xs={24} md={10}>
            <Form.Item
              name="location"
              label={t('nearest.location')}
              rules={[{ validator: lonLatValidator(t('nearest.locationRequired')) }]}
            >
              <LonLatInput testIdPrefix="resources" />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="incidentId" label={t('nearest.incident')} extra={t('nearest.incidentHelp')}>
              <IncidentSelect allowClear testId="nearest-incident" onChange={(v) => void pickIncident(v)} />
            </Form.Item>
          </Col>
        </Row>
        {incidentError !== null && <ErrorAlert error={incidentError} style={{ marginBottom: 16 }} />}
        <Row gutter={12}>
          <Col xs={24} sm={8} md={5}>
            <Form.Item name="kind" label={t('nearest.kind')}>
              <Radio.Group
                optionType="button"
                data-testid="nearest-kind"
                options={[
                  { value: 'team', label: t('nearest.kinds.team') },
                  { value: 'supply', label: t('nearest.kinds.supply') },
                ]}
              />
            </Form.Item>
          </Col>
          {kind === 'team' ? (
            <Col xs={24} sm={16} md={7}>
              <Form.Item name="capability" label={t('nearest.capability')}>
                <Select<TeamCapability>
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('nearest.anyCapability')}
                  data-testid="nearest-capability"
                  options={TEAM_CAPABILITIES.map((c) => ({ value: c, label: t(`capabilities.${c}`) }))}
                />
              </Form.Item>
            </Col>
          ) : (
            <>
              <Col xs={24} sm={10} md={5}>
                <Form.Item
                  name="itemCode"
                  label={t('nearest.item')}
                  rules={[{ required: true, message: t('movements.itemRequired') }]}
                >
                  <ItemSelect testId="nearest-item" />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6} md={3}>
                <Form.Item name="minQuantity" label={t('nearest.minQuantity')}>
                  <InputNumber<number> min={0} max={1e12} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={12} sm={6} md={3}>
            <Form.Item name="limit" label={t('nearest.limit')}>
              <InputNumber<number> min={1} max={50} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} md={4}>
            <Form.Item name="maxMinutes" label={t('nearest.maxMinutes')}>
              <InputNumber<number> min={1} max={1440} style={{ width: '100%' }} suffix={t('nearest.minuteUnit')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={kind === 'team' ? 5 : 4}>
            <Form.Item label=" ">
              <Button
                type="primary"
                htmlType="submit"
                icon={<AimOutlined />}
                loading={search.isPending || locating}
                data-testid="nearest-submit"
              >
                {t('nearest.submit')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {search.isError && (
        <div data-testid="nearest-error">
          <ErrorAlert error={search.error} style={{ marginBottom: 16 }} />
        </div>
      )}
      {result && !result.routed && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('nearest.notRouted')} />
      )}
      <Table<NearestItem>
        rowKey="id"
        size="middle"
        data-testid="nearest-table"
        loading={search.isPending}
        dataSource={result?.items ?? []}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: <Empty description={result ? t('nearest.none') : t('nearest.prompt')} /> }}
        columns={[
          {
            title: t('nearest.rank'),
            key: 'rank',
            width: 70,
            align: 'center',
            render: (_: unknown, __: NearestItem, index: number) => index + 1,
          },
          {
            title: t('nearest.name'),
            dataIndex: 'name',
            render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
          },
          {
            title: t('nearest.travelTime'),
            dataIndex: 'travelSeconds',
            width: 110,
            align: 'right',
            render: (s: number) => t('nearest.minutes', { minutes: Math.round(s / 60) }),
          },
          {
            title: t('nearest.distance'),
            key: 'distance',
            width: 200,
            // the API's distanceMeters is the straight-line distance; the ranking is by road travel time
            render: (_: unknown, r: NearestItem) => t('nearest.straight', { km: km(r.distanceMeters) }),
          },
          {
            title: result?.items[0]?.kind === 'supply' ? t('nearest.quantity') : t('nearest.capabilities'),
            key: 'detail',
            render: (_: unknown, r: NearestItem) => {
              if (r.kind === 'supply') {
                return r.quantity === undefined ? '—' : `${formatQuantity(r.quantity)} ${r.unit ?? unit}`;
              }
              const caps = r.capabilities ?? [];
              return (
                <span>
                  {caps.length === 0
                    ? '—'
                    : caps.map((c) => (
                        <Tag key={c} style={{ marginBottom: 2 }}>
                          {t(`capabilities.${c}`, { defaultValue: c })}
                        </Tag>
                      ))}
                  {r.headcount !== undefined && (
                    <Typography.Text type="secondary">{t('nearest.headcount', { n: r.headcount })}</Typography.Text>
                  )}
                </span>
              );
            },
          },
          {
            title: t('teams.division'),
            dataIndex: 'divisionCode',
            width: 180,
            render: (code: string) => <DivisionCell code={code} name={divisionName(code)} />,
          },
        ]}
      />
    </>
  );
}
