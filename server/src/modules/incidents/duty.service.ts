import { and, asc, desc, eq, gt, lte } from 'drizzle-orm';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { isInScope } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { organizations } from '../org/index.js';
import { dutyHandovers, dutyShifts } from './incidents.table.js';

async function orgInScope(deps: Deps, actor: Actor, orgId: string) {
  const rows = await deps.database.db.select().from(organizations).where(eq(organizations.id, orgId));
  const org = rows[0];
  if (!org || !isInScope(actor.divisionCode, org.divisionCode)) throw new AppError('ORGANIZATION_NOT_FOUND');
  return org;
}

type ShiftRow = typeof dutyShifts.$inferSelect;
const toShift = (r: ShiftRow, orgName: string | null) => ({
  id: r.id,
  orgId: r.orgId,
  orgName,
  divisionCode: r.divisionCode,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
  role: r.role,
  personName: r.personName,
  userId: r.userId,
  phone: r.phone,
});

/** Who is on duty at `at` (default now) in the actor's organisation, or in `orgId` within scope. */
export async function dutyAt(
  deps: Deps,
  ctx: RequestContext,
  q: { at?: string | undefined; orgId?: string | undefined },
) {
  const actor = actorOf(ctx);
  const orgId = q.orgId ?? actor.orgId;
  const org = await orgInScope(deps, actor, orgId);
  const at = q.at ? new Date(q.at) : deps.now();
  const rows = await deps.database.db
    .select()
    .from(dutyShifts)
    .where(and(eq(dutyShifts.orgId, orgId), lte(dutyShifts.startsAt, at), gt(dutyShifts.endsAt, at)))
    .orderBy(asc(dutyShifts.role), asc(dutyShifts.startsAt));
  return { items: rows.map((r) => toShift(r, org.name)), total: rows.length };
}

export async function listShifts(
  deps: Deps,
  ctx: RequestContext,
  q: { orgId?: string | undefined; from?: string | undefined; to?: string | undefined },
) {
  const actor = actorOf(ctx);
  const orgId = q.orgId ?? actor.orgId;
  const org = await orgInScope(deps, actor, orgId);
  const from = q.from ? new Date(q.from) : new Date(deps.now().getTime() - 7 * 86_400_000);
  const to = q.to ? new Date(q.to) : new Date(deps.now().getTime() + 31 * 86_400_000);
  const rows = await deps.database.db
    .select()
    .from(dutyShifts)
    .where(and(eq(dutyShifts.orgId, orgId), gt(dutyShifts.endsAt, from), lte(dutyShifts.startsAt, to)))
    .orderBy(asc(dutyShifts.startsAt));
  return { items: rows.map((r) => toShift(r, org.name)), total: rows.length };
}

export async function createShift(
  deps: Deps,
  ctx: RequestContext,
  input: {
    orgId?: string | undefined;
    startsAt: string;
    endsAt: string;
    role: 'officer' | 'leader';
    personName: string;
    userId?: string | undefined;
    phone?: string | undefined;
  },
) {
  const actor = actorOf(ctx);
  const org = await orgInScope(deps, actor, input.orgId ?? actor.orgId);
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [row] = await tx
      .insert(dutyShifts)
      .values({
        orgId: org.id,
        divisionCode: org.divisionCode,
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        role: input.role,
        personName: input.personName,
        userId: input.userId ?? null,
        phone: input.phone ?? null,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, { action: 'duty.shift_create', entity: 'duty_shift', entityId: row.id, after: row });
    emit({ type: 'duty.changed', divisionCode: org.divisionCode, entity: 'duty_shift', entityId: row.id });
    return toShift(row, org.name);
  });
}

export async function listHandovers(deps: Deps, ctx: RequestContext, q: { orgId?: string | undefined }) {
  const actor = actorOf(ctx);
  const orgId = q.orgId ?? actor.orgId;
  await orgInScope(deps, actor, orgId);
  const rows = await deps.database.db
    .select()
    .from(dutyHandovers)
    .where(eq(dutyHandovers.orgId, orgId))
    .orderBy(desc(dutyHandovers.at))
    .limit(50);
  return {
    items: rows.map((r) => ({
      id: r.id,
      orgId: r.orgId,
      at: r.at.toISOString(),
      fromName: r.fromName,
      toName: r.toName,
      text: r.text,
    })),
    total: rows.length,
  };
}

export async function createHandover(
  deps: Deps,
  ctx: RequestContext,
  input: { orgId?: string | undefined; fromName: string; toName: string; text: string },
) {
  const actor = actorOf(ctx);
  const org = await orgInScope(deps, actor, input.orgId ?? actor.orgId);
  return transact(deps.database, deps.bus, async ({ tx }) => {
    const [row] = await tx
      .insert(dutyHandovers)
      .values({
        orgId: org.id,
        divisionCode: org.divisionCode,
        at: deps.now(),
        fromName: input.fromName,
        toName: input.toName,
        text: input.text,
        actorId: actor.userId,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, { action: 'duty.handover', entity: 'duty_handover', entityId: row.id, after: row });
    return {
      id: row.id,
      orgId: row.orgId,
      at: row.at.toISOString(),
      fromName: row.fromName,
      toName: row.toName,
      text: row.text,
    };
  });
}
