import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Form, Input, InputNumber, Modal, Space, Table, Typography } from 'antd';
import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { useAuth } from '../app/auth';
import { ErrorAlert, FormError, formatTime, HiddenSubmit } from '../app/components';
import { DivisionPicker } from '../admin/DivisionPicker';
import { WARNINGS_NS } from './i18n';
import { usePopulations, useSetPopulation, type DivisionPopulation } from './api';

interface FigureForm {
  population: number;
  year: number;
  source?: string;
}

/** 区划人口: resident population per division (the denominator of the coverage), entered by an admin. */
export function PopulationTab() {
  const { t } = useTranslation(WARNINGS_NS);
  const { can } = useAuth();
  const { message } = App.useApp();
  const [parent, setParent] = useState<string | undefined>();
  const list = usePopulations(parent);
  const setFigure = useSetPopulation();
  const [editing, setEditing] = useState<DivisionPopulation | null>(null);
  const [form] = Form.useForm<FigureForm>();
  const canEdit = can('organization.update');

  const save = async (v: FigureForm) => {
    if (!editing) return;
    try {
      await setFigure.mutateAsync({
        code: editing.divisionCode,
        population: v.population,
        year: v.year,
        source: v.source?.trim() || undefined,
      });
      void message.success(t('population.saved'));
      setEditing(null);
    } catch {
      // shown below from the mutation's error
    }
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('population.hint')}</Typography.Paragraph>
      <div className="page-toolbar">
        <DivisionPicker
          allowClear
          style={{ width: 220 }}
          placeholder={t('population.parent')}
          value={parent}
          onChange={setParent}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} />
      )}
      <Table<DivisionPopulation>
        rowKey="divisionCode"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        data-testid="population-table"
        columns={[
          { title: t('population.division'), dataIndex: 'name' },
          {
            title: t('population.code'),
            dataIndex: 'divisionCode',
            render: (c: string) => <Typography.Text className="hash-text">{c}</Typography.Text>,
          },
          {
            title: t('population.population'),
            dataIndex: 'population',
            align: 'right',
            render: (n: number | null) =>
              n === null ? (
                <Typography.Text type="warning">{t('population.missing')}</Typography.Text>
              ) : (
                n.toLocaleString()
              ),
          },
          { title: t('population.year'), dataIndex: 'year', render: (y: number | null) => y ?? '—' },
          {
            title: t('population.source'),
            dataIndex: 'source',
            ellipsis: true,
            render: (s: string | null) => s ?? '—',
          },
          { title: t('population.updatedAt'), dataIndex: 'updatedAt', render: (v: string | null) => formatTime(v) },
          ...(canEdit
            ? [
                {
                  title: '',
                  key: 'edit',
                  width: 90,
                  render: (_: unknown, r: DivisionPopulation) => (
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => {
                        setFigure.reset();
                        form.setFieldsValue({
                          population: r.population ?? undefined,
                          year: r.year ?? new Date().getFullYear(),
                          source: r.source ?? undefined,
                        });
                        setEditing(r);
                      }}
                    >
                      {t('population.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing ? t('population.editTitle', { name: editing.name }) : ''}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={setFigure.isPending}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        forceRender
      >
        {setFigure.isError && <FormError error={setFigure.error} />}
        <Form<FigureForm> form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Space wrap align="start">
            <Form.Item
              name="population"
              label={t('population.population')}
              rules={[{ required: true, message: t('population.populationRequired') }]}
            >
              <InputNumber<number> min={1} max={200_000_000} step={1000} precision={0} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item
              name="year"
              label={t('population.year')}
              rules={[{ required: true, message: t('population.yearRequired') }]}
            >
              <InputNumber<number> min={2000} max={2100} precision={0} style={{ width: 120 }} />
            </Form.Item>
          </Space>
          <Form.Item name="source" label={t('population.source')}>
            <Input maxLength={200} />
          </Form.Item>
          <HiddenSubmit />
        </Form>
      </Modal>
    </>
  );
}
