import type { PlanKind, PlanLevel, ResponseLevel } from '@yingji/contracts';
import type { Tx } from '../../db/client.js';
import type { RequestContext } from '../../platform/context.js';
import { recordAudit } from '../audit/index.js';
import { addDays, formatDate, withActionIds } from './plans.rules.js';
import { drills, drillSchedules, plans } from './plans.table.js';

export interface DemoPlan {
  key: string;
  kind: PlanKind;
  title: string;
  /** Organisation key of the demo city. */
  owner: string;
  divisionCode: string;
  version?: string;
  publishedAt: string;
  filedAt?: string;
  filingNumber?: string;
  filingOrg?: string;
  lastEvaluatedAt?: string;
  parent?: string;
  scope: { categories: string[]; types: string[] };
  levels: PlanLevel[];
  command: {
    headquarters?: string;
    commander?: string;
    groups: { name: string; lead?: string; members?: string[]; duties?: string }[];
  };
  actions: { dept: string; action: string; withinMinutes: number; level: ResponseLevel; group?: string }[];
  summary?: string;
}
export interface DemoDrill {
  org: string;
  plans: string[];
  daysAgo: number;
  kind: 'tabletop' | 'functional' | 'full_scale';
  doubleBlind?: boolean;
  title: string;
  participants?: number;
  score?: number;
  evaluation?: string;
  problems?: string[];
  followUps?: { action: string; owner: string; dueInDays: number; done: boolean }[];
}
export interface DemoSchedule {
  org: string;
  plans: string[];
  inDays: number;
  kind: 'tabletop' | 'functional' | 'full_scale';
  title: string;
}

/** Loads the demo plans, drills and drill plans; dates of drills count back from `today`. */
export async function seedDemoPlans(
  tx: Tx,
  ctx: RequestContext,
  data: { plans: DemoPlan[]; drills: DemoDrill[]; schedules: DemoSchedule[] },
  orgIds: ReadonlyMap<string, string>,
  today: Date,
): Promise<void> {
  const org = (key: string) => {
    const id = orgIds.get(key);
    if (!id) throw new Error(`demo plans: unknown organisation ${key}`);
    return id;
  };
  const orgDivision = new Map<string, string>();
  const planIds = new Map<string, string>();
  const plan = (key: string) => {
    const id = planIds.get(key);
    if (!id) throw new Error(`demo plans: unknown plan ${key} (define it before use)`);
    return id;
  };
  for (const p of data.plans) {
    const [row] = await tx
      .insert(plans)
      .values({
        kind: p.kind,
        title: p.title,
        ownerOrgId: org(p.owner),
        divisionCode: p.divisionCode,
        version: p.version ?? null,
        publishedAt: p.publishedAt,
        status: 'published',
        parentPlanId: p.parent ? plan(p.parent) : null,
        filedAt: p.filedAt ?? null,
        filingNumber: p.filingNumber ?? null,
        filingOrg: p.filingOrg ?? null,
        lastEvaluatedAt: p.lastEvaluatedAt ?? null,
        scope: p.scope,
        levels: p.levels,
        command: {
          ...(p.command.headquarters ? { headquarters: p.command.headquarters } : {}),
          ...(p.command.commander ? { commander: p.command.commander } : {}),
          groups: p.command.groups.map((g) => ({
            name: g.name,
            ...(g.lead ? { leadOrgId: org(g.lead) } : {}),
            memberOrgIds: (g.members ?? []).map(org),
            ...(g.duties ? { duties: g.duties } : {}),
          })),
        },
        actions: withActionIds(
          p.actions.map((a) => ({
            departmentOrgId: org(a.dept),
            action: a.action,
            withinMinutes: a.withinMinutes,
            level: a.level,
            ...(a.group ? { group: a.group } : {}),
          })),
        ),
        summary: p.summary ?? null,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    planIds.set(p.key, row.id);
    orgDivision.set(row.ownerOrgId, row.divisionCode);
    await recordAudit(tx, ctx, { action: 'plan.create', entity: 'plan', entityId: row.id, after: row });
  }
  const day = formatDate(today);
  for (const d of data.drills) {
    const orgId = org(d.org);
    const [row] = await tx
      .insert(drills)
      .values({
        orgId,
        divisionCode: orgDivision.get(orgId) ?? '140300',
        planIds: d.plans.map(plan),
        date: addDays(day, -d.daysAgo),
        kind: d.kind,
        doubleBlind: d.doubleBlind ?? false,
        title: d.title,
        participants: d.participants ?? null,
        score: d.score ?? null,
        evaluation: d.evaluation ?? null,
        problems: d.problems ?? [],
        followUps: (d.followUps ?? []).map((f) => ({
          action: f.action,
          owner: f.owner,
          dueDate: addDays(day, f.dueInDays),
          done: f.done,
        })),
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, { action: 'drill.create', entity: 'drill', entityId: row.id, after: row });
  }
  for (const s of data.schedules) {
    const orgId = org(s.org);
    const [row] = await tx
      .insert(drillSchedules)
      .values({
        orgId,
        divisionCode: orgDivision.get(orgId) ?? '140300',
        plannedDate: addDays(day, s.inDays),
        planIds: s.plans.map(plan),
        kind: s.kind,
        title: s.title,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, {
      action: 'drill_schedule.create',
      entity: 'drill_schedule',
      entityId: row.id,
      after: row,
    });
  }
}
