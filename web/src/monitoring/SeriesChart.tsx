import { useMemo } from 'react';
import { Empty } from 'antd';
import { use as registerEchartsParts } from 'echarts/core';
import { MarkLineComponent } from 'echarts/components';
import type { LineSeriesOption } from 'echarts/charts';
import { useTranslation } from 'react-i18next';
import EChart, { type ChartOption } from '../incidents/EChart';
import { MONITORING_NS } from './i18n';
import type { AlarmLevel, SeriesPoint, SeriesStep } from './api';
import { formatValue, LEVEL_HEX } from './components';

// The threshold lines; the rest (line chart, grid, tooltip, legend) is registered by EChart.
registerEchartsParts([MarkLineComponent]);

/** Rounds up to a half step of the value's order of magnitude (54.8 → 55, 3.2 → 3.5, 0 → 1). */
function niceCeil(x: number): number {
  if (x <= 0) return 1;
  const half = 10 ** Math.floor(Math.log10(x)) / 2;
  return Math.ceil(x / half) * half;
}

export interface Threshold {
  value: number;
  level: AlarmLevel;
}

export interface SeriesChartProps {
  points: readonly SeriesPoint[];
  step: SeriesStep;
  unit?: string | null;
  /** Alarm thresholds drawn as dashed lines in the level's colour. */
  thresholds?: readonly Threshold[];
  height?: number;
  testId?: string;
  metric?: string;
  /** The time span to show (ms since the epoch); by default the span of the points. */
  span?: { from: number; to: number };
}

/**
 * The readings of one metric over time: raw values, or per-minute / per-hour averages with their
 * minimum and maximum. The wrapper carries `data-points` (how many points it drew) for checks.
 */
export default function SeriesChart({
  points,
  step,
  unit,
  thresholds = [],
  height = 260,
  testId = 'series-chart',
  metric,
  span: timeSpan,
}: SeriesChartProps) {
  const { t } = useTranslation(MONITORING_NS);

  const option = useMemo<ChartOption>(() => {
    const dataMax = points.reduce((m, p) => Math.max(m, p.max), Number.NEGATIVE_INFINITY);
    const dataMin = points.reduce((m, p) => Math.min(m, p.min), Number.POSITIVE_INFINITY);
    const sorted = [...thresholds].sort((a, b) => a.value - b.value);
    // Show the thresholds near the data, and always the one closest to it, so the chart stays readable.
    const nearest = sorted.find((th) => th.value >= dataMax) ?? sorted[sorted.length - 1];
    const shown = sorted.filter((th) => th === nearest || (th.value <= dataMax * 1.2 && th.value >= dataMin * 0.8));
    const top = Math.max(dataMax, ...shown.map((th) => th.value));
    const bottom = Math.min(dataMin, ...shown.map((th) => th.value));
    const fmt = (v: number) => formatValue(v);
    const avg: LineSeriesOption = {
      name: step === 'raw' ? t('chart.value') : t('chart.avg'),
      type: 'line',
      showSymbol: points.length < 60,
      symbolSize: 5,
      data: points.map((p) => [p.t, p.avg]),
      lineStyle: { width: 2, color: '#1d39c4' },
      itemStyle: { color: '#1d39c4' },
      markLine: shown.length
        ? {
            symbol: 'none',
            silent: true,
            data: shown.map((th) => ({
              yAxis: th.value,
              lineStyle: { color: LEVEL_HEX[th.level], type: 'dashed', width: 1.5 },
              label: {
                formatter: `${t(`levels.${th.level}`)} ${fmt(th.value)}`,
                position: 'insideStartTop',
                color: th.level === 'yellow' ? '#ad8b00' : LEVEL_HEX[th.level],
              },
            })),
          }
        : undefined,
    };
    const band = (name: string, key: 'min' | 'max'): LineSeriesOption => ({
      name,
      type: 'line',
      showSymbol: false,
      data: points.map((p) => [p.t, p[key]]),
      lineStyle: { width: 1, type: 'dotted', color: '#8c8c8c' },
      itemStyle: { color: '#8c8c8c' },
    });
    const series: LineSeriesOption[] =
      step === 'raw' ? [avg] : [avg, band(t('chart.max'), 'max'), band(t('chart.min'), 'min')];
    const span = Number.isFinite(top - bottom) ? top - bottom : 0;
    const aboveData = Number.isFinite(top) && top > dataMax;
    const times = points.map((p) => Date.parse(p.t));
    const firstT = Math.min(...times);
    const lastT = Math.max(...times);
    return {
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? fmt(v) : String(v ?? '')) },
      legend: step === 'raw' ? undefined : { top: 0, right: 8 },
      grid: { left: 56, right: 24, top: step === 'raw' ? 24 : 36, bottom: 32 },
      xAxis: {
        type: 'time',
        // Never cut off a point (the server's clock may run a little ahead of the browser's).
        min: timeSpan ? Math.min(timeSpan.from, firstT) : undefined,
        max: timeSpan ? Math.max(timeSpan.to, lastT) : undefined,
      },
      yAxis: {
        type: 'value',
        name: unit ?? undefined,
        scale: true,
        // A threshold above the data sets the top (its label hidden, it rarely falls on a tick).
        max: aboveData ? niceCeil(top + Math.max(span * 0.05, Math.abs(top) * 0.02, 0.1)) : undefined,
        min: Number.isFinite(bottom) ? (bottom >= 0 ? 0 : -niceCeil(-(bottom - span * 0.05))) : undefined,
        axisLabel: { formatter: (v: number) => fmt(v), showMaxLabel: !aboveData },
      },
      series,
    };
  }, [points, step, unit, thresholds, t, timeSpan?.from, timeSpan?.to]);

  return (
    <div
      className="monitoring-chart"
      data-testid={testId}
      data-points={points.length}
      data-metric={metric}
      data-step={step}
    >
      {points.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chart.empty')} style={{ height, margin: 0 }} />
      ) : (
        <EChart option={option} height={height} />
      )}
    </div>
  );
}
