import { and, desc, count, eq, inArray, type SQL } from 'drizzle-orm';
import { actorOf, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { isInScope } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { inScope } from '../divisions/index.js';
import { notifyUsers } from '../notifications/index.js';
import { users } from '../org/index.js';
import { moveInTx, receiveInTx } from './resources.service.js';
import { supplyMovements, supplyRequests, warehouses } from './resources.table.js';
import { approvalStatus, type ApprovedLine, type RequestLine } from './requests.rules.js';

type RequestRow = typeof supplyRequests.$inferSelect;

function toRequest(r: RequestRow) {
  return {
    id: r.id,
    requesterOrgId: r.requesterOrgId,
    divisionCode: r.divisionCode,
    toWarehouseId: r.toWarehouseId,
    incidentId: r.incidentId,
    lines: r.lines,
    reason: r.reason,
    status: r.status as 'pending' | 'approved' | 'partially_approved' | 'rejected' | 'received',
    approvedLines: r.approvedLines ?? [],
    decisionNote: r.decisionNote,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** A county asks for items, to be delivered to one of its warehouses. */
export async function createRequest(
  deps: Deps,
  ctx: RequestContext,
  input: { toWarehouseId: string; incidentId?: string | undefined; lines: RequestLine[]; reason?: string | undefined },
) {
  const actor = actorOf(ctx);
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [w] = await tx.select().from(warehouses).where(eq(warehouses.id, input.toWarehouseId));
    if (!w || !isInScope(actor.divisionCode, w.divisionCode)) throw new AppError('WAREHOUSE_NOT_FOUND');
    const [row] = await tx
      .insert(supplyRequests)
      .values({
        requesterOrgId: actor.orgId,
        divisionCode: w.divisionCode,
        toWarehouseId: w.id,
        incidentId: input.incidentId ?? null,
        lines: input.lines,
        reason: input.reason ?? null,
        requestedBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, {
      action: 'supply_request.create',
      entity: 'supply_request',
      entityId: row.id,
      after: row,
    });
    emit({
      type: 'supply_request.created',
      divisionCode: row.divisionCode,
      entity: 'supply_request',
      entityId: row.id,
    });
    return toRequest(row);
  });
}

/**
 * Approves all or part of a request from chosen warehouses. Every line becomes
 * a transfer to the requester's warehouse in the same transaction: if any line
 * cannot be met, nothing is sent (409 insufficient_stock) and the request stays pending.
 * The approver must be at a level above the requester (the request lies inside, not at, their scope).
 */
export async function approveRequest(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: { lines: ApprovedLine[]; note?: string | undefined },
) {
  const actor = actorOf(ctx);
  const now = deps.now();
  return transact(deps.database, deps.bus, async (scope) => {
    const { tx, emit } = scope;
    const [before] = await tx.select().from(supplyRequests).where(eq(supplyRequests.id, id)).for('update');
    if (!before || !isInScope(actor.divisionCode, before.divisionCode)) throw new AppError('SUPPLY_REQUEST_NOT_FOUND');
    if (before.divisionCode === actor.divisionCode) throw new AppError('SUPPLY_REQUEST_SELF_APPROVAL');
    if (before.status !== 'pending') throw new AppError('SUPPLY_REQUEST_NOT_PENDING', { status: before.status });
    const status = approvalStatus(before.lines, input.lines);
    if (status === 'invalid') throw new AppError('SUPPLY_REQUEST_LINES_INVALID');
    for (const line of input.lines) {
      if (line.quantity <= 0) continue;
      await moveInTx(
        scope,
        ctx,
        {
          kind: 'transfer',
          itemCode: line.itemCode,
          quantity: line.quantity,
          fromWarehouseId: line.fromWarehouseId,
          toWarehouseId: before.toWarehouseId,
          incidentId: before.incidentId ?? undefined,
          requestId: id,
        },
        now,
      );
    }
    const [after] = await tx
      .update(supplyRequests)
      .set({
        status,
        approvedLines: input.lines,
        decidedBy: actor.userId,
        decidedAt: now,
        decisionNote: input.note ?? null,
        updatedAt: now,
      })
      .where(eq(supplyRequests.id, id))
      .returning();
    if (!after) throw new Error('update returned nothing');
    await recordAudit(tx, ctx, {
      action: 'supply_request.approve',
      entity: 'supply_request',
      entityId: id,
      before,
      after,
    });
    emit({ type: 'supply_request.approved', divisionCode: after.divisionCode, entity: 'supply_request', entityId: id });
    return toRequest(after);
  });
}

/**
 * Rejects a pending request with a reason. As for approval, only a level above the requester
 * decides; nothing moves. The requesting organisation's users are notified.
 */
export async function rejectRequest(deps: Deps, ctx: RequestContext, id: string, input: { note: string }) {
  const actor = actorOf(ctx);
  const now = deps.now();
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const [before] = await tx.select().from(supplyRequests).where(eq(supplyRequests.id, id)).for('update');
    if (!before || !isInScope(actor.divisionCode, before.divisionCode)) throw new AppError('SUPPLY_REQUEST_NOT_FOUND');
    if (before.divisionCode === actor.divisionCode) throw new AppError('SUPPLY_REQUEST_SELF_REJECTION');
    if (before.status !== 'pending') throw new AppError('SUPPLY_REQUEST_NOT_PENDING', { status: before.status });
    const [after] = await tx
      .update(supplyRequests)
      .set({
        status: 'rejected',
        decidedBy: actor.userId,
        decidedAt: now,
        decisionNote: input.note,
        updatedAt: now,
      })
      .where(eq(supplyRequests.id, id))
      .returning();
    if (!after) throw new Error('update returned nothing');
    await recordAudit(tx, ctx, {
      action: 'supply_request.reject',
      entity: 'supply_request',
      entityId: id,
      before,
      after,
    });
    const [w] = await tx
      .select({ name: warehouses.name })
      .from(warehouses)
      .where(eq(warehouses.id, after.toWarehouseId));
    const recipients = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, after.requesterOrgId), eq(users.isActive, true)));
    await notifyUsers(
      tx,
      recipients.map((r) => r.id),
      {
        kind: 'supply_request.rejected',
        title: '调拨申请已驳回',
        body: `调往${w?.name ?? '本单位仓库'}的调拨申请已被${actor.orgName}驳回。驳回理由：${input.note}`,
        entity: 'supply_request',
        entityId: id,
      },
    );
    emit({ type: 'supply_request.rejected', divisionCode: after.divisionCode, entity: 'supply_request', entityId: id });
    return toRequest(after);
  });
}

/** The requester confirms that everything sent for the request has arrived. */
export async function confirmRequest(deps: Deps, ctx: RequestContext, id: string) {
  const actor = actorOf(ctx);
  const now = deps.now();
  return transact(deps.database, deps.bus, async (scope) => {
    const { tx } = scope;
    const [before] = await tx.select().from(supplyRequests).where(eq(supplyRequests.id, id)).for('update');
    if (!before || !isInScope(actor.divisionCode, before.divisionCode)) throw new AppError('SUPPLY_REQUEST_NOT_FOUND');
    if (before.status !== 'approved' && before.status !== 'partially_approved') {
      throw new AppError('SUPPLY_REQUEST_NOT_PENDING', { status: before.status });
    }
    const moving = await tx
      .select({ id: supplyMovements.id })
      .from(supplyMovements)
      .where(and(eq(supplyMovements.requestId, id), inArray(supplyMovements.status, ['in_transit'])));
    for (const m of moving) await receiveInTx(scope, ctx, m.id, now);
    const [after] = await tx
      .update(supplyRequests)
      .set({ status: 'received', updatedAt: now })
      .where(eq(supplyRequests.id, id))
      .returning();
    if (!after) throw new Error('update returned nothing');
    await recordAudit(tx, ctx, {
      action: 'supply_request.confirm',
      entity: 'supply_request',
      entityId: id,
      before,
      after,
    });
    return toRequest(after);
  });
}

export async function listRequests(
  deps: Deps,
  ctx: RequestContext,
  f: { status?: string | undefined; page: number; pageSize: number },
) {
  const actor = actorOf(ctx);
  const conds: SQL[] = [inScope(supplyRequests.divisionCode, actor.divisionCode)];
  if (f.status) conds.push(eq(supplyRequests.status, f.status));
  const where = and(...conds);
  const [rows, totals] = await Promise.all([
    deps.database.db
      .select()
      .from(supplyRequests)
      .where(where)
      .orderBy(desc(supplyRequests.createdAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    deps.database.db.select({ n: count() }).from(supplyRequests).where(where),
  ]);
  return { items: rows.map(toRequest), total: totals[0]?.n ?? 0 };
}
