import { and, asc, count, desc, eq, gte, ilike, inArray, lte, isNotNull, type SQL } from 'drizzle-orm';
import type {
  CreateMajorHazardSourceBody,
  CreateRiskPointBody,
  CreateVulnerableTargetBody,
  MajorHazardSource,
  NearbyThreat,
  RiskAssessment,
  RiskLevel,
  RiskMap,
  RiskMapFeature,
  RiskPoint,
  RiskPointDetail,
  UpdateMajorHazardSourceBody,
  UpdateRiskPointBody,
  UpdateVulnerableTargetBody,
  VulnerableTarget,
  VulnerableTargetKind,
} from '@yingji/contracts';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { isInScope } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { assertDivisionInScope, divisions, escapeLike, inScope } from '../divisions/index.js';
import { sensors } from '../monitoring/index.js';
import { organizations, users } from '../org/index.js';
import {
  boundingBox,
  DEFAULT_CONTROL_LEVELS,
  distanceMeters,
  grade,
  inputsOf,
  LEVEL_COLORS,
  ownOrgOnly,
  thresholdRatio,
} from './risks.rules.js';
import {
  majorHazardSources,
  riskAssessments,
  riskPoints,
  vulnerableTargets,
  type MajorHazardSourceRow,
  type RiskPointRow,
  type VulnerableTargetRow,
} from './risks.table.js';

// ---- scope ----

/** Conditions that keep a query to what the actor may see: their division tree, and their own organisation for an enterprise. */
export function scopeOf(actor: Actor, t: { divisionCode: AnyPgColumn; orgId: AnyPgColumn }): SQL[] {
  const conds: SQL[] = [inScope(t.divisionCode, actor.divisionCode)];
  if (ownOrgOnly(actor.roles)) conds.push(eq(t.orgId, actor.orgId));
  return conds;
}

export function canSee(actor: Actor, row: { divisionCode: string; orgId: string }): boolean {
  return isInScope(actor.divisionCode, row.divisionCode) && (!ownOrgOnly(actor.roles) || row.orgId === actor.orgId);
}

/**
 * The organisation a record is filed under: an enterprise user may only name its own; the organisation must be
 * an enterprise in the actor's scope, and the record's division must lie within the organisation's.
 */
export async function checkOrg(tx: DbOrTx, actor: Actor, orgId: string, divisionCode?: string) {
  if (ownOrgOnly(actor.roles) && orgId !== actor.orgId) throw new AppError('RISK_OWN_ORG_ONLY');
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org || !isInScope(actor.divisionCode, org.divisionCode)) throw new AppError('ORGANIZATION_NOT_FOUND');
  if (org.kind !== 'enterprise') throw new AppError('RISK_ORG_INVALID', { orgId, kind: org.kind });
  if (divisionCode !== undefined && !isInScope(org.divisionCode, divisionCode))
    throw new AppError('RISK_ORG_INVALID', { orgId, divisionCode, orgDivisionCode: org.divisionCode });
  return org;
}

const loc = (lon: number | null, lat: number | null) => (lon !== null && lat !== null ? { lon, lat } : null);

// ---- risk points ----

const riskPointColumns = {
  point: riskPoints,
  orgName: organizations.name,
  divisionName: divisions.name,
};
type RiskPointJoined = { point: RiskPointRow; orgName: string | null; divisionName: string | null };

function toRiskPoint(r: RiskPointJoined): RiskPoint {
  const p = r.point;
  return {
    id: p.id,
    orgId: p.orgId,
    orgName: r.orgName ?? '',
    name: p.name,
    divisionCode: p.divisionCode,
    divisionName: r.divisionName,
    location: loc(p.lon, p.lat),
    address: p.address,
    type: p.type,
    description: p.description,
    possibleHarms: p.possibleHarms,
    controlMeasures: p.controlMeasures,
    method: p.method,
    score: p.score,
    level: p.level,
    color: LEVEL_COLORS[p.level],
    controlLevel: p.controlLevel,
    responsiblePerson: p.responsiblePerson,
    assessedAt: p.assessedAt.toISOString(),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export interface RiskPointFilter {
  orgId?: string | undefined;
  divisionCode?: string | undefined;
  level?: RiskLevel | undefined;
  levels?: RiskLevel[] | undefined;
  controlLevel?: string | undefined;
  type?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listRiskPoints(
  deps: Deps,
  ctx: RequestContext,
  f: RiskPointFilter,
): Promise<{ items: RiskPoint[]; total: number }> {
  const actor = actorOf(ctx);
  const conds = scopeOf(actor, riskPoints);
  if (f.orgId) conds.push(eq(riskPoints.orgId, f.orgId));
  if (f.divisionCode) conds.push(inScope(riskPoints.divisionCode, f.divisionCode));
  if (f.level) conds.push(eq(riskPoints.level, f.level));
  if (f.levels) conds.push(inArray(riskPoints.level, f.levels));
  if (f.controlLevel) conds.push(eq(riskPoints.controlLevel, f.controlLevel as RiskPointRow['controlLevel']));
  if (f.type) conds.push(eq(riskPoints.type, f.type));
  if (f.q) conds.push(ilike(riskPoints.name, `%${escapeLike(f.q)}%`));
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select(riskPointColumns)
      .from(riskPoints)
      .leftJoin(organizations, eq(organizations.id, riskPoints.orgId))
      .leftJoin(divisions, eq(divisions.code, riskPoints.divisionCode))
      .where(where)
      .orderBy(desc(riskPoints.score), asc(riskPoints.name), asc(riskPoints.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(riskPoints).where(where),
  ]);
  return { items: rows.map(toRiskPoint), total: totals[0]?.n ?? 0 };
}

export async function getRiskPoint(deps: Deps, ctx: RequestContext, id: string): Promise<RiskPointDetail> {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const [row] = await db
    .select(riskPointColumns)
    .from(riskPoints)
    .leftJoin(organizations, eq(organizations.id, riskPoints.orgId))
    .leftJoin(divisions, eq(divisions.code, riskPoints.divisionCode))
    .where(eq(riskPoints.id, id));
  if (!row || !canSee(actor, row.point)) throw new AppError('RISK_POINT_NOT_FOUND');
  const history = await db
    .select({ a: riskAssessments, name: users.displayName })
    .from(riskAssessments)
    .leftJoin(users, eq(users.id, riskAssessments.assessedBy))
    .where(eq(riskAssessments.riskPointId, id))
    .orderBy(desc(riskAssessments.assessedAt), desc(riskAssessments.id));
  const assessments: RiskAssessment[] = history.map(({ a, name }) => ({
    id: a.id,
    method: a.method,
    inputs: a.inputs,
    score: a.score,
    level: a.level,
    color: LEVEL_COLORS[a.level],
    assessedBy: a.assessedBy,
    assessedByName: name ?? '',
    assessedAt: a.assessedAt.toISOString(),
    note: a.note,
  }));
  return { ...toRiskPoint(row), assessments };
}

export async function createRiskPoint(
  deps: Deps,
  ctx: RequestContext,
  input: CreateRiskPointBody,
): Promise<RiskPointDetail> {
  const actor = actorOf(ctx);
  const now = deps.now();
  const g = grade(input.assessment);
  const id = await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    await assertDivisionInScope(tx, actor, input.divisionCode);
    await checkOrg(tx, actor, input.orgId, input.divisionCode);
    const [row] = await tx
      .insert(riskPoints)
      .values({
        orgId: input.orgId,
        name: input.name,
        divisionCode: input.divisionCode,
        lon: input.location?.lon ?? null,
        lat: input.location?.lat ?? null,
        address: input.address ?? null,
        type: input.type ?? null,
        description: input.description ?? null,
        possibleHarms: input.possibleHarms ?? [],
        controlMeasures: input.controlMeasures ?? {},
        method: input.assessment.method,
        score: g.score,
        level: g.level,
        controlLevel: input.controlLevel ?? g.controlLevel,
        controlLevelSet: input.controlLevel !== undefined,
        responsiblePerson: input.responsiblePerson ?? null,
        assessedAt: now,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    const [assessment] = await tx
      .insert(riskAssessments)
      .values({
        riskPointId: row.id,
        method: input.assessment.method,
        inputs: inputsOf(input.assessment),
        score: g.score,
        level: g.level,
        assessedBy: actor.userId,
        assessedAt: now,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: 'risk.create',
      entity: 'risk_point',
      entityId: row.id,
      after: { ...row, assessment },
    });
    emit({
      type: 'risk.created',
      divisionCode: row.divisionCode,
      entity: 'risk_point',
      entityId: row.id,
    });
    return row.id;
  });
  return getRiskPoint(deps, ctx, id);
}

export async function updateRiskPoint(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: UpdateRiskPointBody,
): Promise<RiskPointDetail> {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [before] = await tx.select().from(riskPoints).where(eq(riskPoints.id, id)).for('update');
    if (!before || !canSee(actor, before)) throw new AppError('RISK_POINT_NOT_FOUND');
    const divisionCode = input.divisionCode ?? before.divisionCode;
    if (input.divisionCode) await assertDivisionInScope(tx, actor, input.divisionCode);
    if (input.orgId || input.divisionCode) await checkOrg(tx, actor, input.orgId ?? before.orgId, divisionCode);
    const set: Partial<typeof riskPoints.$inferInsert> = { updatedAt: now };
    if (input.orgId !== undefined) set.orgId = input.orgId;
    if (input.name !== undefined) set.name = input.name;
    if (input.divisionCode !== undefined) set.divisionCode = input.divisionCode;
    if (input.location !== undefined) {
      set.lon = input.location.lon;
      set.lat = input.location.lat;
    }
    if (input.address !== undefined) set.address = input.address;
    if (input.type !== undefined) set.type = input.type;
    if (input.description !== undefined) set.description = input.description;
    if (input.possibleHarms !== undefined) set.possibleHarms = input.possibleHarms;
    if (input.controlMeasures !== undefined) set.controlMeasures = input.controlMeasures;
    if (input.responsiblePerson !== undefined) set.responsiblePerson = input.responsiblePerson;
    let level = before.level;
    let assessment: unknown = null;
    if (input.assessment) {
      const g = grade(input.assessment);
      level = g.level;
      Object.assign(set, { method: input.assessment.method, score: g.score, level: g.level, assessedAt: now });
      [assessment] = await tx
        .insert(riskAssessments)
        .values({
          riskPointId: id,
          method: input.assessment.method,
          inputs: inputsOf(input.assessment),
          score: g.score,
          level: g.level,
          assessedBy: actor.userId,
          assessedAt: now,
          note: input.assessmentNote ?? null,
        })
        .returning();
    }
    if (input.controlLevel !== undefined) {
      set.controlLevel = input.controlLevel;
      set.controlLevelSet = true;
    } else if (!before.controlLevelSet) set.controlLevel = DEFAULT_CONTROL_LEVELS[level];
    const [after] = await tx.update(riskPoints).set(set).where(eq(riskPoints.id, id)).returning();
    await recordAudit(tx, ctx, {
      action: input.assessment ? 'risk.reassess' : 'risk.update',
      entity: 'risk_point',
      entityId: id,
      before,
      after: { ...after, assessment },
    });
    emit({
      type: 'risk.updated',
      divisionCode: after?.divisionCode ?? before.divisionCode,
      entity: 'risk_point',
      entityId: id,
    });
  });
  return getRiskPoint(deps, ctx, id);
}

export async function riskStatistics(
  deps: Deps,
  ctx: RequestContext,
  f: { divisionCode?: string | undefined; orgId?: string | undefined },
) {
  const actor = actorOf(ctx);
  const conds = scopeOf(actor, riskPoints);
  if (f.divisionCode) conds.push(inScope(riskPoints.divisionCode, f.divisionCode));
  if (f.orgId) conds.push(eq(riskPoints.orgId, f.orgId));
  const db = deps.database.db;
  const [levels, majors] = await Promise.all([
    db
      .select({ level: riskPoints.level, n: count() })
      .from(riskPoints)
      .where(and(...conds))
      .groupBy(riskPoints.level),
    db
      .select({ orgId: riskPoints.orgId, orgName: organizations.name, n: count() })
      .from(riskPoints)
      .leftJoin(organizations, eq(organizations.id, riskPoints.orgId))
      .where(and(...conds, eq(riskPoints.level, 'major')))
      .groupBy(riskPoints.orgId, organizations.name)
      .orderBy(desc(count()), asc(organizations.name)),
  ]);
  const byLevel = { major: 0, larger: 0, general: 0, low: 0 };
  for (const l of levels) byLevel[l.level] = l.n;
  return {
    byLevel,
    enterprisesWithMajor: majors.map((m) => ({ orgId: m.orgId, orgName: m.orgName ?? '', count: m.n })),
  };
}

// ---- major hazard sources ----

const sourceColumns = { source: majorHazardSources, orgName: organizations.name, divisionName: divisions.name };
type SourceJoined = { source: MajorHazardSourceRow; orgName: string | null; divisionName: string | null };

function toSource(r: SourceJoined): MajorHazardSource {
  const s = r.source;
  return {
    id: s.id,
    orgId: s.orgId,
    orgName: r.orgName ?? '',
    name: s.name,
    divisionCode: s.divisionCode,
    divisionName: r.divisionName,
    location: { lon: s.lon, lat: s.lat },
    address: s.address,
    substances: s.substances,
    ratio: s.ratio,
    grade: s.grade,
    radiusMeters: s.radiusMeters,
    sensorCodes: s.sensorCodes,
    responsiblePersons: s.responsiblePersons,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

async function checkSensors(tx: DbOrTx, codes: readonly string[]) {
  if (!codes.length) return;
  const found = await tx
    .select({ code: sensors.code })
    .from(sensors)
    .where(inArray(sensors.code, [...codes]));
  const known = new Set(found.map((s) => s.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length)
    throw new AppError('VALIDATION_FAILED', [
      { path: 'body.sensorCodes', message: `unknown sensor codes: ${unknown.join(', ')}` },
    ]);
}

export async function listMajorHazardSources(
  deps: Deps,
  ctx: RequestContext,
  f: {
    orgId?: string | undefined;
    divisionCode?: string | undefined;
    grade?: number | undefined;
    q?: string | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: MajorHazardSource[]; total: number }> {
  const actor = actorOf(ctx);
  const conds = scopeOf(actor, majorHazardSources);
  if (f.orgId) conds.push(eq(majorHazardSources.orgId, f.orgId));
  if (f.divisionCode) conds.push(inScope(majorHazardSources.divisionCode, f.divisionCode));
  if (f.grade) conds.push(eq(majorHazardSources.grade, f.grade));
  if (f.q) conds.push(ilike(majorHazardSources.name, `%${escapeLike(f.q)}%`));
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select(sourceColumns)
      .from(majorHazardSources)
      .leftJoin(organizations, eq(organizations.id, majorHazardSources.orgId))
      .leftJoin(divisions, eq(divisions.code, majorHazardSources.divisionCode))
      .where(where)
      .orderBy(asc(majorHazardSources.grade), asc(majorHazardSources.name), asc(majorHazardSources.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(majorHazardSources).where(where),
  ]);
  return { items: rows.map(toSource), total: totals[0]?.n ?? 0 };
}

export async function getMajorHazardSource(deps: Deps, ctx: RequestContext, id: string): Promise<MajorHazardSource> {
  const actor = actorOf(ctx);
  const [row] = await deps.database.db
    .select(sourceColumns)
    .from(majorHazardSources)
    .leftJoin(organizations, eq(organizations.id, majorHazardSources.orgId))
    .leftJoin(divisions, eq(divisions.code, majorHazardSources.divisionCode))
    .where(eq(majorHazardSources.id, id));
  if (!row || !canSee(actor, row.source)) throw new AppError('MAJOR_HAZARD_SOURCE_NOT_FOUND');
  return toSource(row);
}

export async function createMajorHazardSource(
  deps: Deps,
  ctx: RequestContext,
  input: CreateMajorHazardSourceBody,
): Promise<MajorHazardSource> {
  const actor = actorOf(ctx);
  const now = deps.now();
  const id = await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    await assertDivisionInScope(tx, actor, input.divisionCode);
    await checkOrg(tx, actor, input.orgId, input.divisionCode);
    await checkSensors(tx, input.sensorCodes);
    const [row] = await tx
      .insert(majorHazardSources)
      .values({
        orgId: input.orgId,
        name: input.name,
        divisionCode: input.divisionCode,
        lon: input.location.lon,
        lat: input.location.lat,
        address: input.address ?? null,
        substances: input.substances,
        ratio: thresholdRatio(input.substances),
        grade: input.grade,
        radiusMeters: input.radiusMeters,
        sensorCodes: input.sensorCodes,
        responsiblePersons: input.responsiblePersons,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, {
      action: 'major_hazard_source.create',
      entity: 'major_hazard_source',
      entityId: row.id,
      after: row,
    });
    emit({
      type: 'major_hazard_source.created',
      divisionCode: row.divisionCode,
      entity: 'major_hazard_source',
      entityId: row.id,
    });
    return row.id;
  });
  return getMajorHazardSource(deps, ctx, id);
}

export async function updateMajorHazardSource(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: UpdateMajorHazardSourceBody,
): Promise<MajorHazardSource> {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [before] = await tx.select().from(majorHazardSources).where(eq(majorHazardSources.id, id)).for('update');
    if (!before || !canSee(actor, before)) throw new AppError('MAJOR_HAZARD_SOURCE_NOT_FOUND');
    const divisionCode = input.divisionCode ?? before.divisionCode;
    if (input.divisionCode) await assertDivisionInScope(tx, actor, input.divisionCode);
    if (input.orgId || input.divisionCode) await checkOrg(tx, actor, input.orgId ?? before.orgId, divisionCode);
    if (input.sensorCodes) await checkSensors(tx, input.sensorCodes);
    const set: Partial<typeof majorHazardSources.$inferInsert> = { updatedAt: now };
    if (input.orgId !== undefined) set.orgId = input.orgId;
    if (input.name !== undefined) set.name = input.name;
    if (input.divisionCode !== undefined) set.divisionCode = input.divisionCode;
    if (input.location !== undefined) {
      set.lon = input.location.lon;
      set.lat = input.location.lat;
    }
    if (input.address !== undefined) set.address = input.address;
    if (input.substances !== undefined) {
      set.substances = input.substances;
      set.ratio = thresholdRatio(input.substances);
    }
    if (input.grade !== undefined) set.grade = input.grade;
    if (input.radiusMeters !== undefined) set.radiusMeters = input.radiusMeters;
    if (input.sensorCodes !== undefined) set.sensorCodes = input.sensorCodes;
    if (input.responsiblePersons !== undefined) set.responsiblePersons = input.responsiblePersons;
    const [after] = await tx.update(majorHazardSources).set(set).where(eq(majorHazardSources.id, id)).returning();
    await recordAudit(tx, ctx, {
      action: 'major_hazard_source.update',
      entity: 'major_hazard_source',
      entityId: id,
      before,
      after,
    });
    emit({ type: 'major_hazard_source.updated', divisionCode, entity: 'major_hazard_source', entityId: id });
  });
  return getMajorHazardSource(deps, ctx, id);
}

export async function deleteMajorHazardSource(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  const actor = actorOf(ctx);
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [before] = await tx.select().from(majorHazardSources).where(eq(majorHazardSources.id, id)).for('update');
    if (!before || !canSee(actor, before)) throw new AppError('MAJOR_HAZARD_SOURCE_NOT_FOUND');
    await tx.delete(majorHazardSources).where(eq(majorHazardSources.id, id));
    await recordAudit(tx, ctx, {
      action: 'major_hazard_source.delete',
      entity: 'major_hazard_source',
      entityId: id,
      before,
    });
    emit({
      type: 'major_hazard_source.deleted',
      divisionCode: before.divisionCode,
      entity: 'major_hazard_source',
      entityId: id,
    });
  });
}

// ---- vulnerable targets ----

function assertGovernment(actor: Actor) {
  if (ownOrgOnly(actor.roles)) throw new AppError('VULNERABLE_TARGET_GOVERNMENT_ONLY');
}

const targetColumns = { target: vulnerableTargets, divisionName: divisions.name };

/** Red/orange risk points and major hazard sources in the actor's scope within `radius` of each target. */
async function nearbyThreats(
  deps: Deps,
  actor: Actor,
  targets: readonly VulnerableTargetRow[],
  radius: number,
): Promise<Map<string, NearbyThreat[]>> {
  const out = new Map<string, NearbyThreat[]>(targets.map((t) => [t.id, []]));
  if (!targets.length) return out;
  const boxes = targets.map((t) => boundingBox(t, radius));
  const box = {
    minLon: Math.min(...boxes.map((b) => b.minLon)),
    maxLon: Math.max(...boxes.map((b) => b.maxLon)),
    minLat: Math.min(...boxes.map((b) => b.minLat)),
    maxLat: Math.max(...boxes.map((b) => b.maxLat)),
  };
  const db = deps.database.db;
  const [points, sources] = await Promise.all([
    db
      .select({ p: riskPoints, orgName: organizations.name })
      .from(riskPoints)
      .leftJoin(organizations, eq(organizations.id, riskPoints.orgId))
      .where(
        and(
          ...scopeOf(actor, riskPoints),
          inArray(riskPoints.level, ['major', 'larger']),
          isNotNull(riskPoints.lon),
          gte(riskPoints.lon, box.minLon),
          lte(riskPoints.lon, box.maxLon),
          gte(riskPoints.lat, box.minLat),
          lte(riskPoints.lat, box.maxLat),
        ),
      ),
    db
      .select({ s: majorHazardSources, orgName: organizations.name })
      .from(majorHazardSources)
      .leftJoin(organizations, eq(organizations.id, majorHazardSources.orgId))
      .where(
        and(
          ...scopeOf(actor, majorHazardSources),
          gte(majorHazardSources.lon, box.minLon),
          lte(majorHazardSources.lon, box.maxLon),
          gte(majorHazardSources.lat, box.minLat),
          lte(majorHazardSources.lat, box.maxLat),
        ),
      ),
  ]);
  for (const t of targets) {
    const list = out.get(t.id) ?? [];
    for (const { p, orgName } of points) {
      const d = distanceMeters(t, { lon: p.lon ?? 0, lat: p.lat ?? 0 });
      if (d <= radius)
        list.push({
          kind: 'risk_point',
          id: p.id,
          name: p.name,
          orgName: orgName ?? '',
          level: p.level,
          grade: null,
          distanceMeters: Math.round(d),
        });
    }
    for (const { s, orgName } of sources) {
      const d = distanceMeters(t, s);
      if (d <= radius)
        list.push({
          kind: 'major_hazard_source',
          id: s.id,
          name: s.name,
          orgName: orgName ?? '',
          level: null,
          grade: s.grade,
          distanceMeters: Math.round(d),
        });
    }
    list.sort((a, b) => a.distanceMeters - b.distanceMeters || a.name.localeCompare(b.name));
    out.set(t.id, list);
  }
  return out;
}

function toTarget(t: VulnerableTargetRow, divisionName: string | null, nearby: NearbyThreat[]): VulnerableTarget {
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    divisionCode: t.divisionCode,
    divisionName,
    location: { lon: t.lon, lat: t.lat },
    address: t.address,
    population: t.population,
    contact: t.contact,
    phone: t.phone,
    nearby,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export async function listVulnerableTargets(
  deps: Deps,
  ctx: RequestContext,
  f: {
    divisionCode?: string | undefined;
    kind?: VulnerableTargetKind | undefined;
    q?: string | undefined;
    radius: number;
    page: number;
    pageSize: number;
  },
): Promise<{ items: VulnerableTarget[]; total: number }> {
  const actor = actorOf(ctx);
  const conds: SQL[] = [inScope(vulnerableTargets.divisionCode, actor.divisionCode)];
  if (f.divisionCode) conds.push(inScope(vulnerableTargets.divisionCode, f.divisionCode));
  if (f.kind) conds.push(eq(vulnerableTargets.kind, f.kind));
  if (f.q) conds.push(ilike(vulnerableTargets.name, `%${escapeLike(f.q)}%`));
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select(targetColumns)
      .from(vulnerableTargets)
      .leftJoin(divisions, eq(divisions.code, vulnerableTargets.divisionCode))
      .where(where)
      .orderBy(asc(vulnerableTargets.name), asc(vulnerableTargets.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(vulnerableTargets).where(where),
  ]);
  const nearby = await nearbyThreats(
    deps,
    actor,
    rows.map((r) => r.target),
    f.radius,
  );
  return {
    items: rows.map((r) => toTarget(r.target, r.divisionName, nearby.get(r.target.id) ?? [])),
    total: totals[0]?.n ?? 0,
  };
}

export async function getVulnerableTarget(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  radius = 2000,
): Promise<VulnerableTarget> {
  const actor = actorOf(ctx);
  const [row] = await deps.database.db
    .select(targetColumns)
    .from(vulnerableTargets)
    .leftJoin(divisions, eq(divisions.code, vulnerableTargets.divisionCode))
    .where(eq(vulnerableTargets.id, id));
  if (!row || !isInScope(actor.divisionCode, row.target.divisionCode))
    throw new AppError('VULNERABLE_TARGET_NOT_FOUND');
  const nearby = await nearbyThreats(deps, actor, [row.target], radius);
  return toTarget(row.target, row.divisionName, nearby.get(id) ?? []);
}

export async function createVulnerableTarget(
  deps: Deps,
  ctx: RequestContext,
  input: CreateVulnerableTargetBody,
): Promise<VulnerableTarget> {
  const actor = actorOf(ctx);
  assertGovernment(actor);
  const now = deps.now();
  const id = await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    await assertDivisionInScope(tx, actor, input.divisionCode);
    const [row] = await tx
      .insert(vulnerableTargets)
      .values({
        name: input.name,
        kind: input.kind,
        divisionCode: input.divisionCode,
        lon: input.location.lon,
        lat: input.location.lat,
        address: input.address ?? null,
        population: input.population ?? null,
        contact: input.contact ?? null,
        phone: input.phone ?? null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, {
      action: 'vulnerable_target.create',
      entity: 'vulnerable_target',
      entityId: row.id,
      after: row,
    });
    emit({
      type: 'vulnerable_target.created',
      divisionCode: row.divisionCode,
      entity: 'vulnerable_target',
      entityId: row.id,
    });
    return row.id;
  });
  return getVulnerableTarget(deps, ctx, id);
}

export async function updateVulnerableTarget(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: UpdateVulnerableTargetBody,
): Promise<VulnerableTarget> {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [before] = await tx.select().from(vulnerableTargets).where(eq(vulnerableTargets.id, id)).for('update');
    if (!before || !isInScope(actor.divisionCode, before.divisionCode))
      throw new AppError('VULNERABLE_TARGET_NOT_FOUND');
    assertGovernment(actor);
    if (input.divisionCode) await assertDivisionInScope(tx, actor, input.divisionCode);
    const set: Partial<typeof vulnerableTargets.$inferInsert> = { updatedAt: now };
    if (input.name !== undefined) set.name = input.name;
    if (input.kind !== undefined) set.kind = input.kind;
    if (input.divisionCode !== undefined) set.divisionCode = input.divisionCode;
    if (input.location !== undefined) {
      set.lon = input.location.lon;
      set.lat = input.location.lat;
    }
    if (input.address !== undefined) set.address = input.address;
    if (input.population !== undefined) set.population = input.population;
    if (input.contact !== undefined) set.contact = input.contact;
    if (input.phone !== undefined) set.phone = input.phone;
    const [after] = await tx.update(vulnerableTargets).set(set).where(eq(vulnerableTargets.id, id)).returning();
    await recordAudit(tx, ctx, {
      action: 'vulnerable_target.update',
      entity: 'vulnerable_target',
      entityId: id,
      before,
      after,
    });
    emit({
      type: 'vulnerable_target.updated',
      divisionCode: after?.divisionCode ?? before.divisionCode,
      entity: 'vulnerable_target',
      entityId: id,
    });
  });
  return getVulnerableTarget(deps, ctx, id);
}

export async function deleteVulnerableTarget(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  const actor = actorOf(ctx);
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [before] = await tx.select().from(vulnerableTargets).where(eq(vulnerableTargets.id, id)).for('update');
    if (!before || !isInScope(actor.divisionCode, before.divisionCode))
      throw new AppError('VULNERABLE_TARGET_NOT_FOUND');
    assertGovernment(actor);
    await tx.delete(vulnerableTargets).where(eq(vulnerableTargets.id, id));
    await recordAudit(tx, ctx, {
      action: 'vulnerable_target.delete',
      entity: 'vulnerable_target',
      entityId: id,
      before,
    });
    emit({
      type: 'vulnerable_target.deleted',
      divisionCode: before.divisionCode,
      entity: 'vulnerable_target',
      entityId: id,
    });
  });
}

// ---- the risk map (一张图) ----

const MAP_LIMIT = 5000;

export async function riskMap(
  deps: Deps,
  ctx: RequestContext,
  f: { divisionCode?: string | undefined; layers?: string | undefined },
): Promise<RiskMap> {
  const actor = actorOf(ctx);
  const wanted = new Set(
    (f.layers ?? 'risk_point,major_hazard_source,vulnerable_target').split(',').map((s) => s.trim()),
  );
  const features: RiskMapFeature[] = [];
  const base = {
    orgName: null,
    color: null,
    level: null,
    grade: null,
    radiusMeters: null,
    kind: null,
  };
  const point = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] as [number, number] });
  if (wanted.has('risk_point')) {
    const { items } = await listRiskPoints(deps, ctx, { divisionCode: f.divisionCode, page: 1, pageSize: MAP_LIMIT });
    for (const p of items)
      if (p.location)
        features.push({
          type: 'Feature',
          id: `risk_point:${p.id}`,
          geometry: point(p.location.lon, p.location.lat),
          properties: {
            ...base,
            layer: 'risk_point',
            id: p.id,
            name: p.name,
            orgName: p.orgName,
            color: p.color,
            level: p.level,
          },
        });
  }
  if (wanted.has('major_hazard_source')) {
    const { items } = await listMajorHazardSources(deps, ctx, {
      divisionCode: f.divisionCode,
      page: 1,
      pageSize: MAP_LIMIT,
    });
    for (const s of items)
      features.push({
        type: 'Feature',
        id: `major_hazard_source:${s.id}`,
        geometry: point(s.location.lon, s.location.lat),
        properties: {
          ...base,
          layer: 'major_hazard_source',
          id: s.id,
          name: s.name,
          orgName: s.orgName,
          color: 'red',
          grade: s.grade,
          radiusMeters: s.radiusMeters,
        },
      });
  }
  if (wanted.has('vulnerable_target')) {
    const conds: SQL[] = [inScope(vulnerableTargets.divisionCode, actor.divisionCode)];
    if (f.divisionCode) conds.push(inScope(vulnerableTargets.divisionCode, f.divisionCode));
    const rows = await deps.database.db
      .select()
      .from(vulnerableTargets)
      .where(and(...conds))
      .orderBy(asc(vulnerableTargets.name))
      .limit(MAP_LIMIT);
    for (const t of rows)
      features.push({
        type: 'Feature',
        id: `vulnerable_target:${t.id}`,
        geometry: point(t.lon, t.lat),
        properties: { ...base, layer: 'vulnerable_target', id: t.id, name: t.name, kind: t.kind },
      });
  }
  return { type: 'FeatureCollection', features };
}
