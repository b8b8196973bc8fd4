import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { sql } from 'drizzle-orm';
import { incidentLabel, type Incident, type Locale } from '@yingji/contracts';
import type { RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { allPages, toXlsx } from '../../platform/xlsx.js';
import { divisions } from '../divisions/index.js';
import { incidentConditions, listIncidents, type IncidentFilter } from './incidents.service.js';
import { incidents } from './incidents.table.js';

const TZ = 'Asia/Shanghai';

export function formatTime(iso: string | null): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString('zh-CN', { timeZone: TZ, hour12: false });
}

export interface StatsFilter {
  groupBy: 'month' | 'category' | 'type' | 'division' | 'grade';
  from?: string | undefined;
  to?: string | undefined;
  category?: Incident['category'] | undefined;
  divisionCode?: string | undefined;
}

/** Counts, deaths, injuries and losses grouped by period, category, type, division or grade. */
export async function incidentStats(deps: Deps, ctx: RequestContext, f: StatsFilter) {
  if (!ctx.actor) throw new AppError('AUTH_REQUIRED');
  const where = incidentConditions(ctx.actor, f);
  const key =
    f.groupBy === 'month'
      ? // the zone is a literal, not a parameter, so SELECT and GROUP BY are the same expression
        sql<string>`to_char(${incidents.occurredAt} AT TIME ZONE ${sql.raw(`'${TZ}'`)}, 'YYYY-MM')`
      : f.groupBy === 'category'
        ? sql<string>`${incidents.category}`
        : f.groupBy === 'type'
          ? sql<string>`${incidents.type}`
          : f.groupBy === 'grade'
            ? sql<string>`coalesce(${incidents.grade}, 'ungraded')`
            : sql<string>`substr(${incidents.divisionCode}, 1, 6)`;
  const rows = await deps.database.db
    .select({
      key,
      incidents: sql<number>`count(*)::int`,
      deaths: sql<number>`coalesce(sum(${incidents.deaths}), 0)::int`,
      missing: sql<number>`coalesce(sum(${incidents.missing}), 0)::int`,
      seriousInjuries: sql<number>`coalesce(sum(${incidents.seriousInjuries}), 0)::int`,
      minorInjuries: sql<number>`coalesce(sum(${incidents.minorInjuries}), 0)::int`,
      directLossYuan: sql<number>`coalesce(sum(${incidents.directLossYuan}), 0)::float8`,
    })
    .from(incidents)
    .where(where)
    .groupBy(key)
    .orderBy(key);
  let names = new Map<string, string>();
  if (f.groupBy === 'division' && rows.length) {
    const d = await deps.database.db
      .select({ code: divisions.code, name: divisions.name })
      .from(divisions)
      .where(
        sql`${divisions.code} IN (${sql.join(
          rows.map((r) => sql`${r.key}`),
          sql`, `,
        )})`,
      );
    names = new Map(d.map((x) => [x.code, x.name]));
  }
  const label = (k: string) =>
    f.groupBy === 'month'
      ? k
      : f.groupBy === 'division'
        ? (names.get(k) ?? k)
        : k === 'ungraded'
          ? ctx.locale === 'en-US'
            ? 'Ungraded'
            : '未定级'
          : incidentLabel(k, ctx.locale);
  return { items: rows.map((r) => ({ ...r, label: label(r.key) })), total: rows.length };
}

/** The incident list as an Excel workbook (up to 10,000 rows, the filters of the list). */
export async function exportIncidentsXlsx(
  deps: Deps,
  ctx: RequestContext,
  f: Omit<IncidentFilter, 'page' | 'pageSize'>,
) {
  const locale: Locale = ctx.locale;
  const zh = locale === 'zh-CN';
  const L = (k: string | null) => incidentLabel(k, locale);
  const rows = await allPages((page) => listIncidents(deps, ctx, { ...f, page, pageSize: 200 }));
  return toXlsx<Incident>(
    zh ? '事件列表' : 'Incidents',
    [
      { header: zh ? '编号' : 'Number', width: 18, value: (i) => i.number },
      { header: zh ? '标题' : 'Title', width: 40, value: (i) => i.title },
      { header: zh ? '类别' : 'Category', width: 14, value: (i) => L(i.category) },
      { header: zh ? '类型' : 'Type', width: 14, value: (i) => L(i.type) },
      { header: zh ? '等级' : 'Grade', width: 10, value: (i) => L(i.grade) },
      { header: zh ? '发生时间' : 'Occurred', width: 20, value: (i) => formatTime(i.occurredAt) },
      { header: zh ? '接报时间' : 'Received', width: 20, value: (i) => formatTime(i.receivedAt) },
      { header: zh ? '行政区划' : 'Division', width: 12, value: (i) => i.divisionName ?? i.divisionCode },
      { header: zh ? '地点' : 'Address', width: 30, value: (i) => i.location.address ?? '' },
      { header: zh ? '死亡' : 'Deaths', width: 8, value: (i) => i.casualties.deaths },
      { header: zh ? '失踪' : 'Missing', width: 8, value: (i) => i.casualties.missing },
      { header: zh ? '重伤' : 'Serious inj.', width: 8, value: (i) => i.casualties.seriousInjuries },
      { header: zh ? '轻伤' : 'Minor inj.', width: 8, value: (i) => i.casualties.minorInjuries },
      { header: zh ? '直接经济损失（元）' : 'Direct loss (yuan)', width: 16, value: (i) => i.directLossYuan },
      { header: zh ? '状态' : 'Status', width: 10, value: (i) => L(i.status) },
      { header: zh ? '上报超时' : 'Overdue', width: 10, value: (i) => (i.isOverdue ? (zh ? '是' : 'yes') : '') },
    ],
    rows,
  );
}

/** 事故快报: the incident and its timeline as a .docx in the format sent upward. */
export async function incidentReportDocx(incident: Incident): Promise<Buffer> {
  const L = (k: string | null) => incidentLabel(k, 'zh-CN');
  const c = incident.casualties;
  const row = (a: string, b: string) =>
    new TableRow({
      children: [
        new TableCell({
          width: { size: 25, type: WidthType.PERCENTAGE },
          children: [new Paragraph({ children: [new TextRun({ text: a, bold: true })] })],
        }),
        new TableCell({ width: { size: 75, type: WidthType.PERCENTAGE }, children: [new Paragraph(b)] }),
      ],
    });
  const doc = new Document({
    creator: 'Yingji',
    title: `${incident.number} 事故快报`,
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(`${incident.title}`)] }),
          new Paragraph({ children: [new TextRun({ text: `事故快报  编号：${incident.number}`, bold: true })] }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              row('事件类别', `${L(incident.category)} / ${L(incident.type)}`),
              row('事故等级', incident.grade ? L(incident.grade) : '未定级'),
              row('发生时间', formatTime(incident.occurredAt)),
              row('接报时间', formatTime(incident.receivedAt)),
              row('接报单位', incident.receivingOrgName ?? ''),
              row('信息来源', L(incident.source)),
              row(
                '发生地点',
                `${incident.divisionName ?? incident.divisionCode} ${incident.location.address ?? ''}（${incident.location.lon.toFixed(5)}, ${incident.location.lat.toFixed(5)}）`,
              ),
              row(
                '伤亡情况',
                `死亡 ${c.deaths} 人，失踪 ${c.missing} 人，重伤 ${c.seriousInjuries} 人，轻伤 ${c.minorInjuries} 人`,
              ),
              row('直接经济损失', `${incident.directLossYuan.toLocaleString('zh-CN')} 元（初步估计）`),
              row(
                '上报情况',
                incident.reportingChain.length
                  ? incident.reportingChain
                      .map(
                        (s) =>
                          `${L(s.level)}：时限 ${formatTime(s.dueAt)}，${s.reportedAt ? `已于 ${formatTime(s.reportedAt)} 报送` : s.status === 'overdue' ? '已超时未报' : '待报送'}`,
                      )
                      .join('；')
                  : '无需继续上报',
              ),
              row(
                '事故调查',
                incident.investigation
                  ? `${L(incident.investigation.level)}人民政府负责调查，报告时限 ${formatTime(incident.investigation.dueAt)}`
                  : '—',
              ),
            ],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('事件经过')] }),
          new Paragraph(incident.description ?? ''),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('信息报送时间线')] }),
          ...(incident.timeline ?? []).map(
            (t) =>
              new Paragraph({
                children: [
                  new TextRun({ text: `${formatTime(t.at)} [${L(t.kind)}] `, bold: true }),
                  new TextRun(t.text),
                  new TextRun(t.applied ? '' : '（超过补报期限，仅作记录）'),
                  new TextRun(t.actorName ? ` —— ${t.actorName}` : ''),
                ],
              }),
          ),
          new Paragraph({
            children: [
              new TextRun({
                text: `报送单位：${incident.receivingOrgName ?? ''}    生成时间：${formatTime(new Date().toISOString())}`,
                italics: true,
              }),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
