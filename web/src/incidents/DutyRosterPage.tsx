import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { useAuth, useUser } from '../app/auth';
import { ErrorAlert, FormError, formatTime } from '../app/components';
import {
  useCreateHandover,
  useCreateShift,
  useDutyHandovers,
  useDutyShifts,
  type DutyRole,
  type DutyShift,
} from './api';
import { useNow } from './shared';

interface ShiftValues {
  role: DutyRole;
  personName: string;
  phone?: string;
  period: [Dayjs, Dayjs];
}

function ShiftModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ShiftValues>();
  const create = useCreateShift();
  // The usual 24-hour shift changes at 08:30: default to the one running now.
  const todayChange = dayjs().hour(8).minute(30).second(0).millisecond(0);
  const start = dayjs().isBefore(todayChange) ? todayChange.subtract(1, 'day') : todayChange;
  return (
    <Modal
      open
      title={t('duty.roster.addTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      {create.isError && <FormError error={create.error} />}
      <Form<ShiftValues>
        form={form}
        layout="vertical"
        data-testid="shift-form"
        initialValues={{ role: 'officer', period: [start, start.add(1, 'day')] }}
        onFinish={(v) =>
          create.mutate(
            {
              role: v.role,
              personName: v.personName.trim(),
              startsAt: v.period[0].second(0).millisecond(0).format(),
              endsAt: v.period[1].second(0).millisecond(0).format(),
              ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
            },
            {
              onSuccess: () => {
                message.success(t('common.created'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="role" label={t('duty.fields.role')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={(['officer', 'leader'] as const).map((r) => ({ value: r, label: t(`duty.roles.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="personName"
          label={t('duty.fields.personName')}
          rules={[
            { required: true, whitespace: true, message: t('duty.roster.personRequired') },
            { max: 50, message: t('common.maxLength', { max: 50 }) },
          ]}
        >
          <Input maxLength={50} autoFocus autoComplete="off" data-testid="shift-person" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('duty.fields.phone')}
          rules={[{ pattern: /^[0-9+\-() ]{3,30}$/, message: t('duty.roster.phoneRule') }]}
        >
          <Input maxLength={30} autoComplete="off" data-testid="shift-phone" />
        </Form.Item>
        <Form.Item
          name="period"
          label={t('duty.fields.period')}
          rules={[
            { required: true, message: t('duty.roster.periodRequired') },
            {
              validator: (_, value: [Dayjs, Dayjs] | undefined) =>
                !value || value[1].isAfter(value[0])
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('duty.roster.periodOrder'))),
            },
          ]}
        >
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function HandoverCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const user = useUser();
  const handovers = useDutyHandovers();
  const create = useCreateHandover();
  const [form] = Form.useForm<{ fromName: string; toName: string; text: string }>();
  const items = [...(handovers.data?.items ?? [])].sort((a, b) => b.at.localeCompare(a.at));

  return (
    <Card size="small" title={t('duty.handover.title')} data-testid="handovers">
      {can('duty.manage') && (
        <>
          {create.isError && <FormError error={create.error} />}
          <Form
            form={form}
            layout="vertical"
            size="small"
            data-testid="handover-form"
            initialValues={{ fromName: user.displayName }}
            onFinish={(v) =>
              create.mutate(
                { fromName: v.fromName.trim(), toName: v.toName.trim(), text: v.text.trim() },
                {
                  onSuccess: () => {
                    message.success(t('common.saved'));
                    form.resetFields(['toName', 'text']);
                  },
                },
              )
            }
          >
            <Row gutter={8}>
              <Col span={12}>
                <Form.Item
                  name="fromName"
                  label={t('duty.handover.from')}
                  rules={[{ required: true, whitespace: true, message: t('duty.roster.personRequired') }]}
                >
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  name="toName"
                  label={t('duty.handover.to')}
                  rules={[{ required: true, whitespace: true, message: t('duty.roster.personRequired') }]}
                >
                  <Input maxLength={50} data-testid="handover-to" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              name="text"
              label={t('duty.handover.text')}
              rules={[{ required: true, whitespace: true, message: t('duty.handover.textRequired') }]}
            >
              <Input.TextArea
                rows={3}
                maxLength={5000}
                placeholder={t('duty.handover.placeholder')}
                data-testid="handover-text"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="handover-submit">
              {t('duty.handover.submit')}
            </Button>
          </Form>
        </>
      )}
      <div style={{ marginTop: 16 }}>
        {handovers.isPending ? (
          <Skeleton active />
        ) : handovers.isError ? (
          <ErrorAlert error={handovers.error} onRetry={() => void handovers.refetch()} />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duty.handover.empty')} />
        ) : (
          <Timeline
            items={items.map((h) => ({
              key: h.id,
              title: formatTime(h.at),
              content: (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>
                    {t('duty.handover.fromTo', { from: h.fromName, to: h.toName })}
                  </Typography.Text>
                  <Typography.Text className="incident-timeline-text">{h.text}</Typography.Text>
                </Space>
              ),
            }))}
          />
        )}
      </div>
    </Card>
  );
}

export default function DutyRosterPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const now = useNow();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    dayjs().startOf('day'),
    dayjs().add(13, 'day').endOf('day'),
  ]);
  const [adding, setAdding] = useState(false);
  const from = range[0].startOf('day').format();
  const to = range[1].endOf('day').format();
  const shifts = useDutyShifts(from, to);
  const rows = [...(shifts.data?.items ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        <Card
          size="small"
          title={t('duty.roster.title')}
          extra={
            <Space size={4}>
              <Button size="small" icon={<ReloadOutlined />} onClick={() => void shifts.refetch()}>
                {t('common.refresh')}
              </Button>
              {can('duty.manage') && (
                <Button
                  size="small"
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setAdding(true)}
                  data-testid="shift-add"
                >
                  {t('duty.roster.add')}
                </Button>
              )}
            </Space>
          }
        >
          <div className="page-toolbar">
            <DatePicker.RangePicker
              value={range}
              allowClear={false}
              onChange={(v) => {
                if (v?.[0] && v[1]) setRange([v[0], v[1]]);
              }}
            />
          </div>
          {shifts.isError && (
            <ErrorAlert error={shifts.error} onRetry={() => void shifts.refetch()} style={{ marginBottom: 12 }} />
          )}
          <Table<DutyShift>
            size="small"
            rowKey="id"
            loading={shifts.isPending || shifts.isFetching}
            dataSource={rows}
            pagination={{ pageSize: 30, hideOnSinglePage: true }}
            rowClassName={(s) =>
              Date.parse(s.startsAt) <= now && Date.parse(s.endsAt) > now ? 'duty-shift-current' : ''
            }
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duty.roster.empty')} />,
            }}
            columns={[
              { title: t('duty.fields.startsAt'), dataIndex: 'startsAt', render: (v: string) => formatTime(v) },
              { title: t('duty.fields.endsAt'), dataIndex: 'endsAt', render: (v: string) => formatTime(v) },
              {
                title: t('duty.fields.role'),
                dataIndex: 'role',
                render: (r: DutyRole) => <Tag color={r === 'leader' ? 'red' : 'blue'}>{t(`duty.roles.${r}`)}</Tag>,
              },
              { title: t('duty.fields.personName'), dataIndex: 'personName' },
              { title: t('duty.fields.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
              { title: t('duty.fields.org'), dataIndex: 'orgName', render: (v: string | null) => v ?? '—' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <HandoverCard />
      </Col>
      {adding && <ShiftModal onClose={() => setAdding(false)} />}
    </Row>
  );
}
