import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { notifications } from './notifications.table.js';

export interface NotificationInput {
  kind: string;
  title: string;
  body: string;
  entity: string;
  entityId: string;
}

/** Adds one notification per user inside the caller's transaction. */
export async function notifyUsers(tx: DbOrTx, userIds: string[], n: NotificationInput): Promise<void> {
  if (!userIds.length) return;
  await tx.insert(notifications).values(userIds.map((userId) => ({ userId, ...n })));
}

export async function listNotifications(
  deps: Deps,
  ctx: RequestContext,
  f: { unread?: boolean | undefined; page: number; pageSize: number },
) {
  const userId = ctx.actor?.userId;
  if (!userId) throw new AppError('AUTH_REQUIRED');
  const where = and(eq(notifications.userId, userId), f.unread ? isNull(notifications.readAt) : undefined);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(notifications).where(where),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      entity: r.entity,
      entityId: r.entityId,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    })),
    total: totals[0]?.n ?? 0,
  };
}

export async function markNotificationRead(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  const userId = ctx.actor?.userId;
  if (!userId) throw new AppError('AUTH_REQUIRED');
  await deps.database.db.transaction(async (tx) => {
    const readAt = deps.now();
    const marked = await tx
      .update(notifications)
      .set({ readAt })
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    // Reading a notification is a state change like any other: who read what, when.
    if (marked.length) {
      await recordAudit(tx, ctx, {
        action: 'notification.read',
        entity: 'notification',
        entityId: id,
        before: { readAt: null },
        after: { readAt: readAt.toISOString() },
      });
    }
  });
}
