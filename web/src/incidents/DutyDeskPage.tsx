import { Col, Row, Space } from 'antd';
import { useAuth } from '../app/auth';
import { DutyNowCard } from './DutyNowCard';
import { IncidentBoard } from './IncidentBoard';
import { IncidentRecordForm } from './IncidentForm';
import { AlarmPanel } from '../monitoring/AlarmPanel';

/** 值班台: the record form on the left, who is on duty and the live board on the right. */
export default function DutyDeskPage() {
  const { can } = useAuth();
  const canCreate = can('incident.create');
  const main = (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {can('duty.read') && <DutyNowCard />}
      {can('monitoring.read') && <AlarmPanel />}
      <IncidentBoard />
    </Space>
  );
  if (!canCreate) return main;
  return (
    <Row gutter={[16, 16]} className="duty-desk">
      <Col xs={24} xl={8}>
        <IncidentRecordForm />
      </Col>
      <Col xs={24} xl={16}>
        {main}
      </Col>
    </Row>
  );
}
