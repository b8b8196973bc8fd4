import { inArray } from 'drizzle-orm';
import {
  permissionsOf,
  type AssessmentInput,
  type ControlMeasures,
  type HazardCategory,
  type HazardLevel,
  type HazardSource,
  type HazardState,
  type RectificationPlan,
  type Role,
  type VulnerableTargetKind,
} from '@yingji/contracts';
import type { Tx } from '../../db/client.js';
import type { RequestContext } from '../../platform/context.js';
import { enqueueJob } from '../../platform/jobs.js';
import { recordAudit } from '../audit/index.js';
import { organizations, users } from '../org/index.js';
import { HAZARD_OVERDUE_JOB } from './hazards.service.js';
import { checkTransition, FINAL_STATES, grade, inputsOf, thresholdRatio } from './risks.rules.js';
import {
  hazards,
  hazardTransitions,
  majorHazardSources,
  riskAssessments,
  riskPoints,
  vulnerableTargets,
  type StoredResponsible,
  type StoredSubstance,
} from './risks.table.js';

type LonLat = { lon: number; lat: number };

export interface DemoRiskData {
  riskPoints: {
    key: string;
    org: string;
    name: string;
    location: LonLat;
    type: string;
    possibleHarms: string[];
    assessment: AssessmentInput;
    controlMeasures?: ControlMeasures;
    responsiblePerson?: string;
  }[];
  sources: {
    org: string;
    name: string;
    location: LonLat;
    address: string;
    substances: StoredSubstance[];
    grade: number;
    radiusMeters: number;
    sensorCodes: string[];
    responsiblePersons: StoredResponsible[];
  }[];
  targets: {
    name: string;
    kind: VulnerableTargetKind;
    divisionCode: string;
    location: LonLat;
    address: string;
    population: number;
    contact: string;
    phone: string;
  }[];
  hazards: {
    org: string;
    riskPoint: string;
    source: HazardSource;
    level: HazardLevel;
    category: HazardCategory;
    title: string;
    description: string;
    /** Username of the reporter. */
    reportedBy: string;
    reportedDaysAgo: number;
    responsiblePerson?: string;
    /** Days from today (negative: in the past). */
    deadlineInDays?: number;
    costYuan?: number;
    steps: { to: HazardState; by: string; daysAgo: number; note?: string; plan?: RectificationPlan }[];
  }[];
}

const DAY = 86_400_000;

/**
 * Loads the dual-prevention demo inside the demo city's seed transaction (which runs once): the demo city's
 * enterprises get graded risk points, major hazard sources, vulnerable targets and hazards. Hazard histories are
 * replayed through the workflow rules, so the demo never shows a move the API would refuse.
 */
export async function seedDemoRisks(tx: Tx, ctx: RequestContext, data: DemoRiskData, now: Date): Promise<void> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const orgNames = [...new Set([...data.riskPoints.map((p) => p.org), ...data.sources.map((s) => s.org)])];
  const orgRows = await tx.select().from(organizations).where(inArray(organizations.name, orgNames));
  const org = (name: string) => {
    const o = orgRows.find((r) => r.name === name);
    if (!o) throw new Error(`demo risk data: unknown organisation ${name}`);
    return o;
  };
  const usernames = [...new Set(data.hazards.flatMap((h) => [h.reportedBy, ...h.steps.map((s) => s.by)]))];
  const userRows = await tx.select().from(users).where(inArray(users.username, usernames));
  const user = (username: string) => {
    const u = userRows.find((r) => r.username === username);
    if (!u) throw new Error(`demo risk data: unknown user ${username}`);
    return u;
  };

  const pointIds = new Map<string, { id: string; divisionCode: string }>();
  for (const p of data.riskPoints) {
    const o = org(p.org);
    const g = grade(p.assessment);
    const at = ago(30);
    const [row] = await tx
      .insert(riskPoints)
      .values({
        orgId: o.id,
        name: p.name,
        divisionCode: o.divisionCode,
        lon: p.location.lon,
        lat: p.location.lat,
        type: p.type,
        possibleHarms: p.possibleHarms,
        controlMeasures: p.controlMeasures ?? {},
        method: p.assessment.method,
        score: g.score,
        level: g.level,
        controlLevel: g.controlLevel,
        responsiblePerson: p.responsiblePerson ?? null,
        assessedAt: at,
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    const assessor =
      userRows.find((u) => u.orgId === o.id) ?? user(o.divisionCode === '140322' ? 'yuxian' : 'pingding');
    await tx.insert(riskAssessments).values({
      riskPointId: row.id,
      method: p.assessment.method,
      inputs: inputsOf(p.assessment),
      score: g.score,
      level: g.level,
      assessedBy: assessor.id,
      assessedAt: at,
    });
    pointIds.set(p.key, { id: row.id, divisionCode: row.divisionCode });
    await recordAudit(tx, ctx, { action: 'risk.create', entity: 'risk_point', entityId: row.id, after: row });
  }

  for (const s of data.sources) {
    const o = org(s.org);
    const [row] = await tx
      .insert(majorHazardSources)
      .values({
        orgId: o.id,
        name: s.name,
        divisionCode: o.divisionCode,
        lon: s.location.lon,
        lat: s.location.lat,
        address: s.address,
        substances: s.substances,
        ratio: thresholdRatio(s.substances),
        grade: s.grade,
        radiusMeters: s.radiusMeters,
        sensorCodes: s.sensorCodes,
        responsiblePersons: s.responsiblePersons,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, {
      action: 'major_hazard_source.create',
      entity: 'major_hazard_source',
      entityId: row.id,
      after: row,
    });
  }

  for (const t of data.targets) {
    const [row] = await tx
      .insert(vulnerableTargets)
      .values({
        name: t.name,
        kind: t.kind,
        divisionCode: t.divisionCode,
        lon: t.location.lon,
        lat: t.location.lat,
        address: t.address,
        population: t.population,
        contact: t.contact,
        phone: t.phone,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, {
      action: 'vulnerable_target.create',
      entity: 'vulnerable_target',
      entityId: row.id,
      after: row,
    });
  }

  for (const h of data.hazards) {
    const o = org(h.org);
    const point = pointIds.get(h.riskPoint);
    if (!point) throw new Error(`demo hazard ${h.title}: unknown risk point ${h.riskPoint}`);
    const reporter = user(h.reportedBy);
    const deadline = h.deadlineInDays === undefined ? null : new Date(now.getTime() + h.deadlineInDays * DAY);
    let status: HazardState = 'reported';
    let plan: RectificationPlan | null = null;
    const rectifiers: string[] = [];
    const moves: {
      from: HazardState | null;
      to: HazardState;
      actorId: string;
      actorName: string;
      at: Date;
      note: string | null;
    }[] = [
      {
        from: null,
        to: 'reported',
        actorId: reporter.id,
        actorName: reporter.displayName,
        at: ago(h.reportedDaysAgo),
        note: null,
      },
    ];
    for (const step of h.steps) {
      const actor = user(step.by);
      if (step.plan) plan = step.plan;
      const verdict = checkTransition({
        from: status,
        to: step.to,
        level: h.level,
        actorId: actor.id,
        permissions: permissionsOf(actor.roles as Role[]),
        rectifierIds: rectifiers,
        hazard: { responsiblePerson: h.responsiblePerson ?? null, deadline, plan },
      });
      if (!verdict.ok) throw new Error(`demo hazard ${h.title}: ${status} → ${step.to} refused (${verdict.code})`);
      if (verdict.rule.rectifies) rectifiers.push(actor.id);
      moves.push({
        from: status,
        to: step.to,
        actorId: actor.id,
        actorName: actor.displayName,
        at: ago(step.daysAgo),
        note: step.note ?? null,
      });
      status = step.to;
    }
    const last = moves[moves.length - 1];
    const [row] = await tx
      .insert(hazards)
      .values({
        orgId: o.id,
        divisionCode: point.divisionCode,
        riskPointId: point.id,
        source: h.source,
        level: h.level,
        category: h.category,
        title: h.title,
        description: h.description,
        status,
        responsiblePerson: h.responsiblePerson ?? null,
        deadline,
        costYuan: h.costYuan ?? null,
        plan,
        reportedBy: reporter.id,
        reportedAt: ago(h.reportedDaysAgo),
        closedAt: FINAL_STATES.includes(status) ? (last?.at ?? now) : null,
        updatedAt: last?.at ?? now,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await tx.insert(hazardTransitions).values(
      moves.map((m) => ({
        hazardId: row.id,
        fromStatus: m.from,
        toStatus: m.to,
        actorId: m.actorId,
        actorName: m.actorName,
        at: m.at,
        note: m.note,
      })),
    );
    if (deadline && !FINAL_STATES.includes(status))
      await enqueueJob(tx, {
        kind: HAZARD_OVERDUE_JOB,
        key: `${HAZARD_OVERDUE_JOB}:${row.id}:${deadline.toISOString()}`,
        runAt: deadline,
        payload: { hazardId: row.id },
      });
    await recordAudit(tx, ctx, { action: 'hazard.report', entity: 'hazard', entityId: row.id, after: row });
  }
}
