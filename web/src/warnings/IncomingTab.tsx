import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Col, Form, Input, Row, Space, Table, Typography, Upload } from 'antd';
import { ImportOutlined, UploadOutlined } from '@ant-design/icons';
import { FormError, formatTime } from '../app/components';
import { WARNINGS_NS } from './i18n';
import { useImportCap, useWarnings, type Warning } from './api';
import { LevelTag, StatusTag } from './components';

/** 上游预警接收: paste or upload an upstream CAP 1.2 message; it becomes a draft ready to forward. */
export function IncomingTab() {
  const { t } = useTranslation(WARNINGS_NS);
  const [form] = Form.useForm<{ xml: string }>();
  const importCap = useImportCap();
  const [created, setCreated] = useState<Warning | null>(null);
  const recent = useWarnings({ page: 1, pageSize: 100 });
  const imported = (recent.data?.items ?? []).filter((w) => w.source !== null).slice(0, 10);

  const onFinish = async ({ xml }: { xml: string }) => {
    setCreated(null);
    try {
      setCreated(await importCap.mutateAsync(xml.trim()));
      form.resetFields();
    } catch {
      // shown from the mutation's error below
    }
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('incoming.title')}>
          <Typography.Paragraph type="secondary">{t('incoming.hint')}</Typography.Paragraph>
          {importCap.isError && <FormError error={importCap.error} />}
          {created && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="cap-import-result"
              title={t('incoming.readyToForward')}
              description={
                <Space direction="vertical" size={4}>
                  <Space wrap>
                    <LevelTag level={created.level} />
                    <Typography.Text strong>{created.headline}</Typography.Text>
                    <StatusTag status={created.status} />
                  </Space>
                  <Typography.Text type="secondary">
                    {created.source?.sender} · {created.source?.identifier}
                  </Typography.Text>
                  <Link to={`/warnings/${created.id}`} data-testid="cap-import-open">
                    {t('incoming.open')}
                  </Link>
                </Space>
              }
            />
          )}
          <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} disabled={importCap.isPending}>
            <Form.Item
              name="xml"
              label={t('incoming.xml')}
              rules={[{ required: true, whitespace: true, message: t('incoming.xmlRequired') }]}
            >
              <Input.TextArea
                rows={12}
                spellCheck={false}
                className="cap-xml-input"
                placeholder={'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">…</alert>'}
                data-testid="cap-import-xml"
              />
            </Form.Item>
            <Space wrap>
              <Upload
                accept=".xml,.cap,application/xml,text/xml,application/cap+xml"
                showUploadList={false}
                beforeUpload={(file) => {
                  void file.text().then((text) => form.setFieldValue('xml', text));
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />}>{t('incoming.upload')}</Button>
              </Upload>
              <Button
                type="primary"
                htmlType="submit"
                icon={<ImportOutlined />}
                loading={importCap.isPending}
                data-testid="cap-import-submit"
              >
                {t('incoming.import')}
              </Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('incoming.recent')}>
          <Table<Warning>
            size="small"
            rowKey="id"
            pagination={false}
            loading={recent.isPending}
            dataSource={imported}
            columns={[
              { title: t('list.level'), dataIndex: 'level', width: 110, render: (l: number) => <LevelTag level={l} /> },
              {
                title: t('list.headline'),
                dataIndex: 'headline',
                render: (h: string, w) => <Link to={`/warnings/${w.id}`}>{h}</Link>,
              },
              {
                title: t('list.status'),
                dataIndex: 'status',
                render: (s: Warning['status']) => <StatusTag status={s} />,
              },
              {
                title: t('detail.source'),
                dataIndex: 'source',
                render: (s: Warning['source']) => (s ? `${s.sender} · ${formatTime(s.sent)}` : '—'),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
