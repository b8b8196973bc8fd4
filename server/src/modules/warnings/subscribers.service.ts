import { and, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  checkSubscriber,
  type createSubscriberBody,
  type Subscriber,
  type SubscriberChannel,
  type SubscriberKind,
  type updateSubscriberBody,
} from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { isInScope } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { assertDivisionInScope, divisions, escapeLike, inScope } from '../divisions/index.js';
import { subscribers, type SubscriberRow } from './dissemination.table.js';

export type CreateSubscriberInput = z.infer<typeof createSubscriberBody>;
export type UpdateSubscriberInput = z.infer<typeof updateSubscriberBody>;

function toSubscriber(r: SubscriberRow, divisionName: string | null): Subscriber {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    phone: r.phone,
    email: r.email,
    location: r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null,
    divisionCode: r.divisionCode,
    divisionName,
    channels: r.channels,
    language: r.language,
    webhookUrl: r.webhookUrl,
    hasWebhookSecret: !!r.webhookSecret,
    active: r.active,
    ownerDivisionCode: r.scopeCode,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The audit trail never holds the webhook secret. */
function audited(r: SubscriberRow) {
  return { ...r, webhookSecret: r.webhookSecret ? '***' : null };
}

function valuesOf(actor: Actor, input: CreateSubscriberInput, now: Date) {
  return {
    kind: input.kind,
    name: input.name,
    phone: input.phone ?? null,
    email: input.email ?? null,
    lon: input.location?.lon ?? null,
    lat: input.location?.lat ?? null,
    divisionCode: input.divisionCode ?? null,
    scopeCode: input.divisionCode ?? actor.divisionCode,
    channels: input.channels,
    language: input.language,
    webhookUrl: input.webhookUrl ?? null,
    webhookSecret: input.webhookSecret ?? null,
    active: input.active,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  };
}

async function nameOf(db: DbOrTx, code: string | null): Promise<string | null> {
  if (!code) return null;
  const [d] = await db.select({ name: divisions.name }).from(divisions).where(eq(divisions.code, code));
  return d?.name ?? null;
}

export async function createSubscriber(deps: Deps, ctx: RequestContext, input: CreateSubscriberInput) {
  const actor = actorOf(ctx);
  const now = deps.now();
  const id = await transact(deps.database, deps.bus, async ({ tx }) => {
    if (input.divisionCode) await assertDivisionInScope(tx, actor, input.divisionCode);
    const [row] = await tx
      .insert(subscribers)
      .values(valuesOf(actor, input, now))
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, {
      action: 'subscriber.create',
      entity: 'subscriber',
      entityId: row.id,
      after: audited(row),
    });
    return row.id;
  });
  return getSubscriber(deps, ctx, id);
}

/** All or nothing: every division is checked first, then the rows go in as one insert. */
export async function importSubscribers(deps: Deps, ctx: RequestContext, list: CreateSubscriberInput[]) {
  const actor = actorOf(ctx);
  const now = deps.now();
  return transact(deps.database, deps.bus, async ({ tx }) => {
    for (const code of new Set(list.flatMap((s) => (s.divisionCode ? [s.divisionCode] : []))))
      await assertDivisionInScope(tx, actor, code);
    const rows = await tx
      .insert(subscribers)
      .values(list.map((s) => valuesOf(actor, s, now)))
      .returning({ id: subscribers.id });
    await recordAudit(tx, ctx, {
      action: 'subscriber.import',
      entity: 'subscriber',
      entityId: rows[0]?.id ?? actor.userId,
      after: { created: rows.length, ids: rows.map((r) => r.id) },
    });
    return { created: rows.length, ids: rows.map((r) => r.id) };
  });
}

function visibleTo(actor: Actor): SQL {
  return and(inScope(subscribers.scopeCode, actor.divisionCode), isNull(subscribers.deletedAt)) as SQL;
}

async function findVisible(db: DbOrTx, actor: Actor, id: string, lock = false): Promise<SubscriberRow> {
  const q = db.select().from(subscribers).where(eq(subscribers.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || row.deletedAt || !isInScope(actor.divisionCode, row.scopeCode))
    throw new AppError('SUBSCRIBER_NOT_FOUND');
  return row;
}

export async function getSubscriber(deps: Deps, ctx: RequestContext, id: string): Promise<Subscriber> {
  const row = await findVisible(deps.database.db, actorOf(ctx), id);
  return toSubscriber(row, await nameOf(deps.database.db, row.divisionCode));
}

export interface SubscriberFilter {
  q?: string | undefined;
  kind?: SubscriberKind | undefined;
  divisionCode?: string | undefined;
  channel?: SubscriberChannel | undefined;
  active?: 'true' | 'false' | undefined;
  page: number;
  pageSize: number;
}

export async function listSubscribers(deps: Deps, ctx: RequestContext, f: SubscriberFilter) {
  const actor = actorOf(ctx);
  const db = deps.database.db;
  const conds: SQL[] = [visibleTo(actor)];
  if (f.q) {
    const p = `%${escapeLike(f.q)}%`;
    conds.push(or(ilike(subscribers.name, p), ilike(subscribers.phone, p), ilike(subscribers.email, p)) as SQL);
  }
  if (f.kind) conds.push(eq(subscribers.kind, f.kind));
  if (f.divisionCode) conds.push(inScope(subscribers.divisionCode, f.divisionCode));
  if (f.channel) conds.push(sql`${f.channel} = ANY(${subscribers.channels})`);
  if (f.active) conds.push(eq(subscribers.active, f.active === 'true'));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(subscribers)
      .where(where)
      .orderBy(sql`${subscribers.createdAt} DESC`, desc(subscribers.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(subscribers).where(where),
  ]);
  const codes = [...new Set(rows.flatMap((r) => (r.divisionCode ? [r.divisionCode] : [])))];
  const names = codes.length
    ? await db
        .select({ code: divisions.code, name: divisions.name })
        .from(divisions)
        .where(inArray(divisions.code, codes))
    : [];
  const nameBy = new Map(names.map((n) => [n.code, n.name]));
  return {
    items: rows.map((r) => toSubscriber(r, r.divisionCode ? (nameBy.get(r.divisionCode) ?? null) : null)),
    total: total?.n ?? 0,
  };
}

/** The merged subscriber must still be whole (the same checks as a create). */
function assertWhole(merged: Parameters<typeof checkSubscriber>[0], locale: string) {
  const probe = z.object({}).superRefine((_, ctx) => checkSubscriber(merged, ctx));
  const r = probe.safeParse({});
  if (r.success) return;
  // The same shape and wording as the request validation's custom issues.
  throw new AppError(
    'VALIDATION_FAILED',
    r.error.issues.map((i) => ({
      path: ['body', ...i.path.map(String)].join('.'),
      code: 'custom',
      message: locale === 'en-US' ? i.message : `取值无效（${i.message}）`,
    })),
  );
}

export async function updateSubscriber(deps: Deps, ctx: RequestContext, id: string, input: UpdateSubscriberInput) {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx }) => {
    const before = await findVisible(tx, actor, id, true);
    if (input.divisionCode) await assertDivisionInScope(tx, actor, input.divisionCode);
    const set: Partial<typeof subscribers.$inferInsert> = { updatedAt: now };
    if (input.name !== undefined) set.name = input.name;
    if (input.phone !== undefined) set.phone = input.phone;
    if (input.email !== undefined) set.email = input.email;
    if (input.location !== undefined) {
      set.lon = input.location?.lon ?? null;
      set.lat = input.location?.lat ?? null;
    }
    if (input.divisionCode !== undefined) {
      set.divisionCode = input.divisionCode;
      if (input.divisionCode) set.scopeCode = input.divisionCode;
    }
    if (input.channels !== undefined) set.channels = input.channels;
    if (input.language !== undefined) set.language = input.language;
    if (input.webhookUrl !== undefined) set.webhookUrl = input.webhookUrl;
    if (input.webhookSecret !== undefined) set.webhookSecret = input.webhookSecret;
    if (input.active !== undefined) set.active = input.active;
    const merged = { ...before, ...set };
    assertWhole(
      {
        kind: merged.kind,
        phone: merged.phone,
        email: merged.email,
        location: merged.lon !== null && merged.lat !== null ? { lon: merged.lon, lat: merged.lat } : null,
        divisionCode: merged.divisionCode,
        channels: merged.channels,
        webhookUrl: merged.webhookUrl,
        webhookSecret: merged.webhookSecret,
      },
      ctx.locale,
    );
    const [after] = await tx.update(subscribers).set(set).where(eq(subscribers.id, id)).returning();
    if (!after) throw new Error('update returned nothing');
    await recordAudit(tx, ctx, {
      action: 'subscriber.update',
      entity: 'subscriber',
      entityId: id,
      before: audited(before),
      after: audited(after),
    });
  });
  return getSubscriber(deps, ctx, id);
}

/** Removes a subscriber from targeting; the row stays for the deliveries already made to it. */
export async function deleteSubscriber(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx }) => {
    const before = await findVisible(tx, actor, id, true);
    const [after] = await tx
      .update(subscribers)
      .set({ deletedAt: now, active: false, updatedAt: now })
      .where(eq(subscribers.id, id))
      .returning();
    await recordAudit(tx, ctx, {
      action: 'subscriber.delete',
      entity: 'subscriber',
      entityId: id,
      before: audited(before),
      after: after ? audited(after) : null,
    });
  });
}
