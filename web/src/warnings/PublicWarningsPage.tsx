import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { Button, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import {
  EnvironmentOutlined,
  FileTextOutlined,
  LoginOutlined,
  ReloadOutlined,
  SafetyOutlined,
  TranslationOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import { ErrorAlert } from '../app/components';
import { currentLang, setLang } from '../app/i18n';
import { WARNINGS_NS } from './i18n';
import { FEED_URL, usePublicWarnings, type PublicWarning } from './api';
import { levelColour } from './components';
import './warnings.css';

function timeText(v: string): string {
  return dayjs(v).format('MM-DD HH:mm');
}

function PublicWarningCard({ w }: { w: PublicWarning }) {
  const { t } = useTranslation(WARNINGS_NS);
  const en = currentLang() === 'en-US';
  const c = levelColour(w.level);
  const headline = (en && w.headlineEn) || w.headline;
  const description = (en && w.descriptionEn) || w.description;
  const instruction = (en && w.instructionEn) || w.instruction;
  return (
    <article
      className="public-warning"
      style={{ borderColor: c.bg, background: c.soft }}
      data-testid="public-warning"
      data-id={w.id}
      data-level={w.level}
    >
      <header className="public-warning-head" style={{ background: c.bg, color: c.fg }}>
        <span className="public-warning-level">{t(`levels.${w.level}`)}</span>
        <span className="public-warning-event">{t(`hazards.${w.hazardType}`)}</span>
        {w.msgType === 'Update' && (
          <Tag color="default" style={{ marginInlineStart: 'auto' }}>
            {t('msgTypes.Update')}
          </Tag>
        )}
      </header>
      <div className="public-warning-body">
        <Typography.Title level={4} className="public-warning-headline" data-testid="public-warning-headline">
          {headline}
        </Typography.Title>
        <dl className="public-warning-facts">
          <dt>
            <EnvironmentOutlined /> {t('public.area')}
          </dt>
          <dd data-testid="public-warning-area">{w.areaDesc}</dd>
          <dt>{t('public.time')}</dt>
          <dd>
            {timeText(w.onset)} – {timeText(w.expires)}
          </dd>
          {w.orgName && (
            <>
              <dt>{t('public.issuer')}</dt>
              <dd>{w.orgName}</dd>
            </>
          )}
        </dl>
        <Typography.Paragraph className="public-warning-text">{description}</Typography.Paragraph>
        <section className="public-warning-instruction" style={{ borderColor: c.bg }}>
          <Typography.Text strong>{t('public.instruction')}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{instruction}</Typography.Paragraph>
        </section>
        <footer className="public-warning-foot">
          <Typography.Text type="secondary">{t('public.updatedAt', { time: timeText(w.sent) })}</Typography.Text>
          <a href={w.capUrl} target="_blank" rel="noreferrer" data-testid="public-warning-cap">
            <FileTextOutlined /> {t('public.cap')}
          </a>
        </footer>
      </div>
    </article>
  );
}

/** 公众预警页面 (`/public/warnings`, no login): the warnings in force, with their instructions and CAP links. */
export default function PublicWarningsPage() {
  const { t } = useTranslation(WARNINGS_NS);
  const [params] = useSearchParams();
  const division = params.get('division') ?? undefined;
  const list = usePublicWarnings(division && /^\d{6}(\d{3})?$/.test(division) ? division : undefined);
  const nextLang = currentLang() === 'zh-CN' ? 'en-US' : 'zh-CN';
  const items = [...(list.data?.items ?? [])].sort((a, b) => a.level - b.level || b.sent.localeCompare(a.sent));

  return (
    <div className="public-page" data-testid="public-warnings-page">
      <header className="public-page-header">
        <div className="public-page-title">
          <SafetyOutlined className="public-page-icon" />
          <div>
            <Typography.Title level={3} style={{ margin: 0, color: '#fff' }}>
              {t('public.title')}
            </Typography.Title>
            <Typography.Text style={{ color: 'rgba(255,255,255,0.85)' }}>{t('public.subtitle')}</Typography.Text>
          </div>
        </div>
        <Space wrap size={8} className="public-page-links">
          <Button
            size="small"
            ghost
            icon={<TranslationOutlined />}
            onClick={() => setLang(nextLang)}
            aria-label={t('lang.toggleTitle', { ns: 'translation' })}
          >
            {t('lang.toggle', { ns: 'translation' })}
          </Button>
          <Button size="small" ghost icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            {t('common.refresh')}
          </Button>
          <a href={FEED_URL} target="_blank" rel="noreferrer" data-testid="public-feed-link">
            <WifiOutlined /> {t('public.feed')}
          </a>
          <Link to="/login">
            <LoginOutlined /> {t('public.login')}
          </Link>
        </Space>
      </header>
      <main className="public-page-main">
        {list.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
        {list.isError && (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
        )}
        {list.data && items.length === 0 && (
          <Empty description={t('public.empty')} data-testid="public-warnings-empty" style={{ marginTop: 48 }} />
        )}
        <div className="public-warning-list">
          {items.map((w) => (
            <PublicWarningCard key={w.id} w={w} />
          ))}
        </div>
      </main>
    </div>
  );
}
