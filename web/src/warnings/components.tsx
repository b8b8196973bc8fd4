import type { CSSProperties } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HazardType, WarningStatus } from '@yingji/contracts';
import { WARNINGS_NS } from './i18n';

/** Display colours of the four levels (GB/T 27962 style: 红 橙 黄 蓝) and the text that reads on them. */
export const LEVEL_COLOURS: Record<number, { bg: string; fg: string; soft: string }> = {
  1: { bg: '#d4141c', fg: '#ffffff', soft: '#fff1f0' },
  2: { bg: '#f47c12', fg: '#ffffff', soft: '#fff7e6' },
  3: { bg: '#f5c400', fg: '#3a2e00', soft: '#fffbe6' },
  4: { bg: '#1f6fd1', fg: '#ffffff', soft: '#e6f4ff' },
};

export function levelColour(level: number) {
  return LEVEL_COLOURS[level] ?? { bg: '#8c8c8c', fg: '#ffffff', soft: '#fafafa' };
}

/** 一级 红色 … 四级 蓝色, filled with the level's colour. */
export function LevelTag({ level, short = false, style }: { level: number; short?: boolean; style?: CSSProperties }) {
  const { t } = useTranslation(WARNINGS_NS);
  const c = levelColour(level);
  return (
    <Tag
      style={{ background: c.bg, color: c.fg, borderColor: c.bg, fontWeight: 600, ...style }}
      data-level={level}
      data-testid="warning-level"
    >
      {t(short ? `levelShort.${level}` : `levels.${level}`)}
    </Tag>
  );
}

const STATUS_COLOURS: Record<WarningStatus, string> = {
  draft: 'default',
  pending_approval: 'gold',
  published: 'green',
  updated: 'cyan',
  cancelled: 'default',
  expired: 'default',
};

export function StatusTag({ status }: { status: WarningStatus }) {
  const { t } = useTranslation(WARNINGS_NS);
  return (
    <Tag color={STATUS_COLOURS[status]} data-status={status} data-testid="warning-status">
      {t(`statuses.${status}`)}
    </Tag>
  );
}

export function useHazardLabel(): (h: HazardType) => string {
  const { t } = useTranslation(WARNINGS_NS);
  return (h) => t(`hazards.${h}`);
}
