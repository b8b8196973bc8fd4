import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  EvaluationKind,
  evaluationBody,
  Indicator,
  IndicatorStatus,
  ProgrammeEvaluation,
  ProgrammeTaskStatus,
  updateEvaluationBody,
} from '@yingji/contracts';
import { INDICATOR_STATUSES, PROGRAMME_TASK_STATUSES } from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { isInScope } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { computeIndicators, countBy, loadProgramme, taskViews, today } from './programme.service.js';
import { programmeEvaluations, programmeReports, programmes, type EvaluationRow } from './programme.table.js';

interface SnapshotTask {
  kind: string;
  number: string;
  section: string;
  title: string;
  status: ProgrammeTaskStatus;
  percentComplete: number;
  deadline: string | null;
  leadUnits: string[];
  responsibleUnits: string[];
}

interface UnitWords {
  taskNumber: string;
  taskTitle: string;
  unit: string;
  period: string;
  percentComplete: number;
  text: string;
  problems: string;
  nextSteps: string;
}

export interface EvaluationSnapshot extends Record<string, unknown> {
  programme: { title: string; issuer: string; documentNumber: string | null; periodStart: number; periodEnd: number };
  asOf: string;
  indicators: Indicator[];
  tasks: SnapshotTask[];
  unitWords: UnitWords[];
}

export const KIND_TITLES: Record<EvaluationKind, string> = {
  annual: '年度监测分析报告',
  midterm: '中期评估报告',
  final: '总结评估报告',
};
const STATUS_ZH: Record<IndicatorStatus, string> = {
  on_track: '符合进度',
  at_risk: '存在风险',
  off_track: '滞后',
  no_data: '暂无数据',
};
const TASK_STATUS_ZH: Record<ProgrammeTaskStatus, string> = {
  not_started: '未启动',
  in_progress: '推进中',
  completed: '已完成',
  late: '逾期未完成',
};
const KIND_ZH: Record<string, string> = { task: '重点任务', project: '重点工程', campaign: '专项整治' };

function checkYear(kind: EvaluationKind, year: number, start: number, end: number) {
  const ok = kind === 'final' ? year >= end && year <= end + 1 : year >= start && year <= end;
  if (!ok) throw new AppError('PROGRAMME_EVALUATION_YEAR_INVALID', { kind, year, periodStart: start, periodEnd: end });
}

async function takeSnapshot(db: DbOrTx, deps: Deps, programmeId: string, year: number) {
  const [p] = await db.select().from(programmes).where(eq(programmes.id, programmeId));
  if (!p) throw new AppError('PROGRAMME_NOT_FOUND');
  const day = today(deps);
  const indicators = await computeIndicators(db, p, year, deps.now());
  const { views, units } = await taskViews(db, p, day);
  const reports = await db
    .select()
    .from(programmeReports)
    .where(eq(programmeReports.programmeId, p.id))
    .orderBy(desc(programmeReports.reportedAt));
  // The units' own words: the latest report of each unit on each item.
  const seen = new Set<string>();
  const byId = new Map(views.map((v) => [v.row.id, v.task]));
  const unitWords: UnitWords[] = [];
  for (const r of reports) {
    const key = `${r.taskId}:${r.unitId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const t = byId.get(r.taskId);
    unitWords.push({
      taskNumber: t ? `${KIND_ZH[t.kind] ?? ''}${t.number}` : '',
      taskTitle: t?.title ?? '',
      unit: units.byId.get(r.unitId)?.name ?? '',
      period: r.period,
      percentComplete: r.percentComplete,
      text: r.text,
      problems: r.problems,
      nextSteps: r.nextSteps,
    });
  }
  const snapshot: EvaluationSnapshot = {
    programme: {
      title: p.title,
      issuer: p.issuer,
      documentNumber: p.documentNumber,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
    },
    asOf: day,
    indicators,
    tasks: views.map(({ task }) => ({
      kind: task.kind,
      number: task.number,
      section: task.section,
      title: task.title,
      status: task.status,
      percentComplete: task.percentComplete,
      deadline: task.deadline,
      leadUnits: task.leadUnits.map((u) => u.name),
      responsibleUnits: task.responsibleUnits.map((u) => u.name),
    })),
    unitWords,
  };
  return { p, snapshot };
}

function summaryOf(s: EvaluationSnapshot): ProgrammeEvaluation['summary'] {
  return {
    indicators: countBy<IndicatorStatus>(
      INDICATOR_STATUSES,
      s.indicators.map((i) => i.status),
    ),
    tasks: countBy<ProgrammeTaskStatus>(
      PROGRAMME_TASK_STATUSES,
      s.tasks.map((t) => t.status),
    ),
    lateItems: s.tasks.filter((t) => t.status === 'late').length,
  };
}

function toEvaluation(r: EvaluationRow): ProgrammeEvaluation {
  return {
    id: r.id,
    programmeId: r.programmeId,
    kind: r.kind,
    year: r.year,
    conclusions: r.conclusions,
    summary: summaryOf(r.snapshot as EvaluationSnapshot),
    docxUrl: `/api/v1/programme-evaluations/${r.id}/report.docx`,
    createdBy: { id: r.createdBy, name: r.createdByName },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function assertManages(actor: Actor, divisionCode: string) {
  if (!actor.permissions.includes('programme.manage') || !isInScope(actor.divisionCode, divisionCode))
    throw new AppError('FORBIDDEN');
}

export async function createEvaluation(
  deps: Deps,
  ctx: RequestContext,
  programmeId: string,
  input: z.infer<typeof evaluationBody>,
): Promise<ProgrammeEvaluation> {
  const actor = actorOf(ctx);
  const now = deps.now();
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const p = await loadProgramme(tx, actor, programmeId);
    assertManages(actor, p.divisionCode);
    checkYear(input.kind, input.year, p.periodStart, p.periodEnd);
    const { snapshot } = await takeSnapshot(tx, deps, p.id, input.year);
    const [row] = await tx
      .insert(programmeEvaluations)
      .values({
        programmeId: p.id,
        kind: input.kind,
        year: input.year,
        conclusions: input.conclusions,
        snapshot,
        createdBy: actor.userId,
        createdByName: actor.displayName,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, {
      action: 'programme.evaluation.create',
      entity: 'programme_evaluation',
      entityId: row.id,
      after: {
        programmeId: p.id,
        kind: row.kind,
        year: row.year,
        conclusions: row.conclusions,
        summary: summaryOf(snapshot),
      },
    });
    emit({ type: 'programme.evaluated', divisionCode: p.divisionCode, entity: 'programme', entityId: p.id });
    return toEvaluation(row);
  });
}

async function loadEvaluation(db: DbOrTx, actor: Actor, id: string) {
  const [row] = await db.select().from(programmeEvaluations).where(eq(programmeEvaluations.id, id));
  if (!row) throw new AppError('PROGRAMME_EVALUATION_NOT_FOUND');
  try {
    const p = await loadProgramme(db, actor, row.programmeId);
    return { row, p };
  } catch {
    throw new AppError('PROGRAMME_EVALUATION_NOT_FOUND');
  }
}

export async function updateEvaluation(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof updateEvaluationBody>,
): Promise<ProgrammeEvaluation> {
  const actor = actorOf(ctx);
  return transact(deps.database, deps.bus, async ({ tx }) => {
    const { row: before, p } = await loadEvaluation(tx, actor, id);
    assertManages(actor, p.divisionCode);
    const snapshot = input.refresh ? (await takeSnapshot(tx, deps, p.id, before.year)).snapshot : before.snapshot;
    const [after] = await tx
      .update(programmeEvaluations)
      .set({ conclusions: input.conclusions ?? before.conclusions, snapshot, updatedAt: deps.now() })
      .where(and(eq(programmeEvaluations.id, id)))
      .returning();
    if (!after) throw new AppError('PROGRAMME_EVALUATION_NOT_FOUND');
    await recordAudit(tx, ctx, {
      action: 'programme.evaluation.update',
      entity: 'programme_evaluation',
      entityId: id,
      before: { conclusions: before.conclusions, summary: summaryOf(before.snapshot as EvaluationSnapshot) },
      after: {
        conclusions: after.conclusions,
        summary: summaryOf(after.snapshot as EvaluationSnapshot),
        refreshed: !!input.refresh,
      },
    });
    return toEvaluation(after);
  });
}

export async function listEvaluations(deps: Deps, ctx: RequestContext, programmeId: string) {
  const db = deps.database.db;
  const p = await loadProgramme(db, actorOf(ctx), programmeId);
  const rows = await db
    .select()
    .from(programmeEvaluations)
    .where(eq(programmeEvaluations.programmeId, p.id))
    .orderBy(desc(programmeEvaluations.createdAt), asc(programmeEvaluations.id));
  return { items: rows.map(toEvaluation), total: rows.length };
}

// ---- the .docx ----

function cell(text: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
}

function table(header: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
}

const fmt = (v: number | null) => (v === null ? '—' : String(Math.round(v * 10000) / 10000));

function tally(tasks: SnapshotTask[], keyOf: (t: SnapshotTask) => string[]): string[][] {
  const m = new Map<string, { total: number; completed: number; late: number }>();
  for (const t of tasks)
    for (const k of keyOf(t)) {
      const e = m.get(k) ?? { total: 0, completed: 0, late: 0 };
      e.total += 1;
      if (t.status === 'completed') e.completed += 1;
      if (t.status === 'late') e.late += 1;
      m.set(k, e);
    }
  return [...m.entries()].map(([k, e]) => [
    k || '（未分类）',
    String(e.total),
    String(e.completed),
    String(e.late),
    `${e.total ? Math.round((e.completed / e.total) * 100) : 0}%`,
  ]);
}

/** Renders an evaluation: indicator table, completion by section and unit, late items, units' words, conclusions. */
export async function renderEvaluationDocx(row: EvaluationRow): Promise<Buffer> {
  const s = row.snapshot as EvaluationSnapshot;
  const title = `${s.programme.title}${KIND_TITLES[row.kind]}（${row.year}年度）`;
  const late = s.tasks.filter((t) => t.status === 'late');
  const h = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
  const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    p(
      `${s.programme.issuer}${s.programme.documentNumber ? ` ${s.programme.documentNumber}` : ''}；规划期 ${s.programme.periodStart}—${s.programme.periodEnd} 年；数据截至 ${s.asOf}。`,
    ),
    h('一、目标指标完成情况'),
    table(
      ['序号', '指标', '单位', '属性', '基期值', '当前值', '目标值', '进度要求', '状态', '数据来源'],
      s.indicators.map((i) => [
        i.code ?? '',
        i.name,
        i.unit,
        i.kind === 'binding' ? '约束性' : '预期性',
        `${fmt(i.baseline)}（${i.baselineYear}）`,
        fmt(i.value),
        `${i.targetText || fmt(i.target)}${i.target !== null ? `（${fmt(i.target)}）` : ''}`,
        fmt(i.expected),
        STATUS_ZH[i.status],
        i.valueSource === 'computed' ? '平台计算' : i.valueSource === 'manual' ? '统计填报' : '—',
      ]),
    ),
    h('二、重点任务和重点工程完成情况（按章节）'),
    table(
      ['章节', '项数', '已完成', '逾期', '完成率'],
      tally(s.tasks, (t) => [`${KIND_ZH[t.kind] ?? ''} ${t.section}`]),
    ),
    h('三、完成情况（按牵头单位）'),
    table(
      ['单位', '项数', '已完成', '逾期', '完成率'],
      tally(s.tasks, (t) => t.leadUnits),
    ),
    h('四、逾期未完成事项'),
    late.length
      ? table(
          ['类别', '编号', '事项', '牵头单位', '期限', '完成进度'],
          late.map((t) => [
            KIND_ZH[t.kind] ?? t.kind,
            t.number,
            t.title,
            t.leadUnits.join('、'),
            t.deadline ?? '',
            `${t.percentComplete}%`,
          ]),
        )
      : p('无逾期未完成事项。'),
    h('五、各单位报送情况（原文）'),
    ...(s.unitWords.length
      ? s.unitWords.flatMap((w) => [
          new Paragraph({
            children: [
              new TextRun({
                text: `${w.taskNumber} ${w.taskTitle} — ${w.unit}（${w.period}，${w.percentComplete}%）`,
                bold: true,
              }),
            ],
          }),
          p(w.text),
          ...(w.problems ? [p(`存在问题：${w.problems}`)] : []),
          ...(w.nextSteps ? [p(`下一步：${w.nextSteps}`)] : []),
        ])
      : [p('暂无报送。')]),
    h('六、评估结论'),
    ...(row.conclusions ? row.conclusions.split('\n').map((line) => p(line)) : [p('（待填写）')]),
    p(`逾期事项状态说明：${Object.values(TASK_STATUS_ZH).join(' / ')}。`),
  ];
  const doc = new Document({ creator: 'Yingji', title, sections: [{ children }] });
  return Packer.toBuffer(doc);
}

export async function evaluationDocx(deps: Deps, ctx: RequestContext, id: string) {
  const { row } = await loadEvaluation(deps.database.db, actorOf(ctx), id);
  return { buffer: await renderEvaluationDocx(row), filename: `evaluation-${row.kind}-${row.year}.docx` };
}
