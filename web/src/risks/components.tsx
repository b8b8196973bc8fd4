import { useEffect, useMemo, useState } from 'react';
import { Image, Space, Tag, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RiskColor } from '@yingji/contracts';
import { RISKS_NS } from './i18n';
import { attachmentUrl, type AttachmentMeta, type HazardLevel, type HazardState, type RiskLevel } from './api';

/** 红橙黄蓝 as drawn on tags, the map and charts. */
export const RISK_COLOR_HEX: Record<RiskColor, string> = {
  red: '#e53935',
  orange: '#fb8c00',
  yellow: '#fdd835',
  blue: '#1e88e5',
};

export const LEVEL_COLOR: Record<RiskLevel, RiskColor> = {
  major: 'red',
  larger: 'orange',
  general: 'yellow',
  low: 'blue',
};

/** A risk level as a tag in its colour: 重大风险（红）. */
export function RiskLevelTag({ level }: { level: RiskLevel }) {
  const { t } = useTranslation(RISKS_NS);
  const color = LEVEL_COLOR[level];
  return (
    <Tag
      color={RISK_COLOR_HEX[color]}
      className={`risk-level-tag risk-level-${color}`}
      data-level={level}
      data-testid="risk-level-tag"
    >
      {t(`levels.${level}`)}
    </Tag>
  );
}

export const HAZARD_STATE_COLORS: Record<HazardState, string> = {
  reported: 'blue',
  assigned: 'geekblue',
  plan_submitted: 'purple',
  plan_approved: 'cyan',
  rectifying: 'orange',
  pending_verification: 'gold',
  rejected: 'red',
  closed: 'green',
  write_off_requested: 'magenta',
  written_off: 'green',
};

export function HazardStateTag({ state }: { state: HazardState }) {
  const { t } = useTranslation(RISKS_NS);
  return (
    <Tag color={HAZARD_STATE_COLORS[state]} data-status={state} data-testid="hazard-status-tag">
      {t(`states.${state}`)}
    </Tag>
  );
}

export function HazardLevelTag({ level }: { level: HazardLevel }) {
  const { t } = useTranslation(RISKS_NS);
  return <Tag color={level === 'major' ? 'red' : 'default'}>{t(`hazardLevels.${level}`)}</Tag>;
}

export function OverdueTag() {
  const { t } = useTranslation(RISKS_NS);
  return (
    <Tag color="error" data-testid="hazard-overdue">
      {t('hazards.overdue')}
    </Tag>
  );
}

/**
 * Thumbnails of attached photos (click to enlarge) and links to PDFs. Images are fetched through the
 * session cookie like every other API call.
 */
export function AttachmentThumbs({ items, size = 72 }: { items: readonly AttachmentMeta[]; size?: number }) {
  const { t } = useTranslation(RISKS_NS);
  const images = items.filter((a) => a.contentType.startsWith('image/'));
  const files = items.filter((a) => !a.contentType.startsWith('image/'));
  if (items.length === 0) return null;
  return (
    <Space wrap size={8} className="risk-thumbs" data-testid="attachment-thumbs">
      {images.length > 0 && (
        <Image.PreviewGroup>
          {images.map((a) => (
            <Image
              key={a.id}
              src={attachmentUrl(a.id)}
              alt={a.name}
              width={size}
              height={size}
              className="risk-thumb"
              data-testid="attachment-thumb"
            />
          ))}
        </Image.PreviewGroup>
      )}
      {files.map((a) => (
        <Typography.Link key={a.id} href={attachmentUrl(a.id)} target="_blank" rel="noreferrer">
          <FilePdfOutlined /> {a.name || t('attachments.file')}
        </Typography.Link>
      ))}
    </Space>
  );
}

/** A local preview URL for a chosen file, revoked when the file changes or the component unmounts. */
export function useObjectUrl(file: File | null): string | null {
  const url = useMemo(() => (file ? URL.createObjectURL(file) : null), [file]);
  const [current, setCurrent] = useState<string | null>(url);
  useEffect(() => {
    setCurrent(url);
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [url]);
  return current;
}

export function formatYuan(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `¥${v.toLocaleString(undefined, { maximumFractionDigits: 2 })}`;
}

export function formatDistance(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(m >= 10_000 ? 0 : 1)} km` : `${m} m`;
}
