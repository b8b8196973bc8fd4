import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { programmeDocument, type ProgrammeItemKind } from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import type { RequestContext } from '../../platform/context.js';
import { recordAudit } from '../audit/index.js';
import {
  addDays,
  dueDateOf,
  formatDay,
  periodOf,
  previousPeriod,
  taskPercent,
  type Period,
} from './programme.rules.js';
import { insertProgramme, unitsOf } from './programme.service.js';
import { programmeReports, programmeStatistics, programmeTasks, type ProgrammeTaskRow } from './programme.table.js';

export interface DemoProgramme {
  document: z.input<typeof programmeDocument>;
  /** Yearly figures for the programme's division (source given per entry). */
  statistics: { statistic: string; year: number; value: number; source: string }[];
  progress: {
    /** Items a unit has not finished: its reports climb to `percent` only. */
    lagging: { kind: ProgrammeItemKind; number: string; unit: string; percent: number }[];
    /** Units that have not yet reported for the latest period on the items they have not finished. */
    silentUnits: string[];
  };
}

/** How many periods of progress the demo carries (two years of quarters). */
const PERIODS = 8;

const PHRASES = [
  '制定工作方案，明确责任分工和时间节点',
  '召开专题推进会，督促落实阶段性任务',
  '完成相关制度文件起草并征求意见',
  '开展督导检查，整改发现的问题',
  '完成阶段性目标，形成工作台账',
];

function lastPeriods(cycle: 'monthly' | 'quarterly', day: string, n: number): Period[] {
  const out: Period[] = [];
  let p = previousPeriod(cycle, periodOf(cycle, day));
  for (let i = 0; i < n; i++) {
    out.unshift(p);
    p = previousPeriod(cycle, p);
  }
  return out;
}

function reportTime(p: Period, dueDays: number, now: Date): Date {
  const at = new Date(`${addDays(dueDateOf(p, dueDays), -3)}T10:00:00+08:00`);
  return at < now ? at : new Date(now.getTime() - 3_600_000);
}

/**
 * Seeds demo programmes with their statistics and two years of plausible progress: every unit that
 * reports (units with an organisation; for a programme without any, its first lead unit) climbs to 100 %
 * at its own pace, except the lagging ones; the silent units have not reported for the latest period.
 */
export async function seedDemoProgrammes(
  tx: DbOrTx,
  ctx: RequestContext,
  demos: DemoProgramme[],
  now: Date,
): Promise<void> {
  const day = formatDay(now);
  for (const demo of demos) {
    const doc = programmeDocument.parse(demo.document);
    const id = await insertProgramme(tx, ctx, doc, now);
    if (demo.statistics.length)
      await tx
        .insert(programmeStatistics)
        .values(
          demo.statistics.map((s) => ({
            ...s,
            divisionCode: doc.divisionCode,
            enteredByName: '演示数据',
            enteredAt: now,
          })),
        )
        .onConflictDoNothing();
    const units = await unitsOf(tx, id);
    const unitByName = new Map([...units.byId.values()].map((u) => [u.name, u]));
    const anyOrg = [...units.byId.values()].some((u) => u.orgId);
    const lagging = new Map(
      demo.progress.lagging.map((l) => [`${l.kind}:${l.number}:${unitByName.get(l.unit)?.id}`, l.percent]),
    );
    const silent = new Set(demo.progress.silentUnits.map((n) => unitByName.get(n)?.id));
    const periods = lastPeriods(doc.reportingCycle, day, PERIODS);
    const tasks: ProgrammeTaskRow[] = await tx
      .select()
      .from(programmeTasks)
      .where(eq(programmeTasks.programmeId, id))
      .orderBy(asc(programmeTasks.kind), asc(programmeTasks.position));
    const reports: (typeof programmeReports.$inferInsert)[] = [];
    for (const [i, t] of tasks.entries()) {
      const assigned = [...t.leadUnitIds, ...t.responsibleUnitIds];
      const reporters = anyOrg ? assigned.filter((u) => units.byId.get(u)?.orgId) : t.leadUnitIds.slice(0, 1);
      const latest = new Map<string, number>();
      let last: Date | null = null;
      for (const [j, unitId] of reporters.entries()) {
        const unit = units.byId.get(unitId);
        if (!unit) continue;
        const final = lagging.get(`${t.kind}:${t.number}:${unitId}`) ?? 100;
        const reachAt = final < 100 ? PERIODS - 1 : 2 + ((i * 7 + j * 3) % (PERIODS - 2));
        const start = 20 + (i % 4) * 10;
        for (const [k, period] of periods.entries()) {
          if (k > reachAt) break;
          if (k === PERIODS - 1 && silent.has(unitId) && final < 100) break;
          // Co-responsible units report every other period (and always their last one): a lighter demo.
          const lead = t.leadUnitIds.includes(unitId);
          if (!lead && k % 2 === 0 && k !== reachAt && k !== PERIODS - 1) continue;
          const pct = Math.round(Math.min(final, start + ((final - start) * k) / Math.max(reachAt, 1)));
          const at = reportTime(period, doc.reportDueDays, now);
          reports.push({
            programmeId: id,
            taskId: t.id,
            unitId,
            period: period.key,
            text: `${unit.name}围绕"${t.title}"${PHRASES[(i + j + k) % PHRASES.length]}，累计完成${pct}%。`,
            percentComplete: pct,
            evidence: pct >= 100 ? [{ name: `${t.title}工作总结.pdf` }] : [],
            problems: final < 100 && k >= PERIODS - 3 ? '部分工作涉及多部门协调，资金和人员尚未完全到位。' : '',
            nextSteps: pct >= 100 ? '巩固成果，转入常态化管理。' : '加快推进，按期完成剩余工作。',
            late: false,
            reportedBy: null,
            reportedByName: `${unit.name}（演示）`,
            reportedAt: at,
          });
          latest.set(unitId, pct);
          if (!last || at > last) last = at;
        }
      }
      const leadsWithOrg = t.leadUnitIds.filter((u) => units.byId.get(u)?.orgId);
      const percent = taskPercent(latest, leadsWithOrg);
      await tx
        .update(programmeTasks)
        .set({ percentComplete: percent, lastReportAt: last, completedAt: percent >= 100 ? last : null })
        .where(eq(programmeTasks.id, t.id));
    }
    for (let k = 0; k < reports.length; k += 500) await tx.insert(programmeReports).values(reports.slice(k, k + 500));
    await recordAudit(tx, ctx, {
      action: 'programme.demo_progress',
      entity: 'programme',
      entityId: id,
      after: { reports: reports.length, statistics: demo.statistics.length, periods: periods.map((p) => p.key) },
    });
  }
}
