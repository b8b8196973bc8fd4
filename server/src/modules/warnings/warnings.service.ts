import { and, asc, count, desc, eq, gt, inArray, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  createWarningBody,
  HazardType,
  updateWarningBody,
  Warning,
  WarningMessage,
  WarningStatus,
} from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { isInScope } from '../../platform/scope.rules.js';
import { enqueueJob } from '../../platform/jobs.js';
import { transact, type TxScope } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { assertDivisionInScope, findDivision, inScope } from '../divisions/index.js';
import { CapParseError, capTime, escapeXml, parseCap, toCapXml } from './cap.js';
import {
  asLevel,
  capToWarning,
  colourOf,
  effectiveStatus,
  eventZh,
  isIssued,
  referenceOf,
  warningToCap,
  type CapWarning,
} from './warnings.rules.js';
import { warningMessages, warnings, type WarningMessageRow, type WarningRow } from './warnings.table.js';

export const DISPATCH_JOB = 'warning.dispatch';

export type CreateWarningInput = z.infer<typeof createWarningBody>;
export type UpdateWarningInput = z.infer<typeof updateWarningBody>;

type OutType = 'Alert' | 'Update' | 'Cancel';

function toMessage(m: WarningMessageRow): WarningMessage {
  const msgType = m.msgType === 'Update' || m.msgType === 'Cancel' ? m.msgType : 'Alert';
  return {
    id: m.id,
    identifier: m.identifier,
    msgType,
    direction: m.direction,
    sender: m.sender,
    sent: m.sent,
    references: m.references,
  };
}

export function toWarning(r: WarningRow, messages: WarningMessageRow[], now: Date): Warning {
  const level = asLevel(r.level);
  return {
    id: r.id,
    hazardType: r.hazardType,
    level,
    colour: colourOf(level),
    status: effectiveStatus(r.status, r.expires, now),
    headline: r.headline,
    description: r.description,
    instruction: r.instruction,
    headlineEn: r.headlineEn,
    descriptionEn: r.descriptionEn,
    instructionEn: r.instructionEn,
    language: r.language,
    event: r.event,
    areaDesc: r.areaDesc,
    divisionCodes: r.divisionCodes,
    polygon: r.polygon,
    onset: r.onset.toISOString(),
    expires: r.expires.toISOString(),
    orgId: r.orgId,
    orgName: r.orgName,
    createdBy: r.createdBy,
    submittedBy: r.submittedBy,
    approvedBy: r.approvedBy,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    cancelledAt: r.cancelledAt?.toISOString() ?? null,
    source: r.source ? { sender: r.source.sender, identifier: r.source.identifier, sent: r.source.sent } : null,
    messages: messages.map(toMessage),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Drafts (and withdrawn drafts) are seen within the issuing division's scope; published warnings by everyone. */
function canRead(actor: Actor, r: WarningRow): boolean {
  return isInScope(actor.divisionCode, r.divisionCode) || r.publishedAt !== null;
}

function visible(actor: Actor): SQL {
  return or(inScope(warnings.divisionCode, actor.divisionCode), isNotNull(warnings.publishedAt)) as SQL;
}

/** The division names, as the area description of a warning. */
async function areaDescOf(tx: DbOrTx, codes: string[]): Promise<string> {
  const names: string[] = [];
  for (const code of codes) names.push((await findDivision(tx, code))?.name ?? code);
  return names.join('、');
}

async function checkDivisions(tx: DbOrTx, actor: Actor, codes: string[]) {
  for (const code of new Set(codes)) await assertDivisionInScope(tx, actor, code);
}

/** The message sender of an issuing division: no spaces, commas, "<" or "&" (CAP 1.2, 3.2.1). */
function senderOf(divisionCode: string): string {
  return `ema-${divisionCode}@yingji.cn`;
}

function capWarningOf(r: WarningRow): CapWarning {
  return {
    hazardType: r.hazardType,
    level: asLevel(r.level),
    language: r.language,
    event: r.event,
    headline: r.headline,
    description: r.description,
    instruction: r.instruction,
    headlineEn: r.headlineEn,
    descriptionEn: r.descriptionEn,
    instructionEn: r.instructionEn,
    areaDesc: r.areaDesc,
    divisionCodes: r.divisionCodes,
    polygon: r.polygon,
    onset: r.onset,
    expires: r.expires,
    senderName: r.orgName ?? '应急管理局',
  };
}

async function messagesOf(db: DbOrTx, warningId: string): Promise<WarningMessageRow[]> {
  return db
    .select()
    .from(warningMessages)
    .where(eq(warningMessages.warningId, warningId))
    .orderBy(asc(warningMessages.seq));
}

/** Writes the next CAP message of a warning (its references: every message sent before it). */
async function sendMessage(tx: DbOrTx, r: WarningRow, msgType: OutType, at: Date): Promise<WarningMessageRow> {
  const earlier = await messagesOf(tx, r.id);
  const seq = (earlier[earlier.length - 1]?.seq ?? 0) + 1;
  const sent = earlier.filter((m) => m.direction === 'out');
  const identifier = `YJ-${r.id}-${seq}`;
  const sender = senderOf(r.divisionCode);
  const xml = toCapXml(
    warningToCap(capWarningOf(r), {
      identifier,
      sender,
      sent: at,
      msgType,
      references: msgType === 'Alert' ? [] : sent.map(referenceOf),
    }),
  );
  const [row] = await tx
    .insert(warningMessages)
    .values({
      warningId: r.id,
      seq,
      direction: 'out',
      identifier,
      sender,
      sent: capTime(at),
      sentAt: at,
      msgType,
      references: msgType === 'Alert' || !sent.length ? null : sent.map(referenceOf).join(' '),
      xml,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

/** Targeting and delivery of a sent message run as a durable job once the message commits. */
async function enqueueDispatch(tx: DbOrTx, msg: WarningMessageRow) {
  await enqueueJob(tx, {
    kind: DISPATCH_JOB,
    key: `${DISPATCH_JOB}:${msg.id}`,
    payload: { messageId: msg.id },
    maxAttempts: 10,
  });
}

function assertTimes(onset: Date, expires: Date) {
  if (expires.getTime() <= onset.getTime())
    throw new AppError('VALIDATION_FAILED', [{ path: 'body.expires', message: 'expires must be after onset' }]);
}

export async function createWarning(deps: Deps, ctx: RequestContext, input: CreateWarningInput): Promise<Warning> {
  const actor = actorOf(ctx);
  const now = deps.now();
  const id = await transact(deps.database, deps.bus, async ({ tx }) => {
    await checkDivisions(tx, actor, input.divisionCodes);
    const onset = new Date(input.onset);
    const expires = new Date(input.expires);
    assertTimes(onset, expires);
    const [row] = await tx
      .insert(warnings)
      .values({
        hazardType: input.hazardType,
        level: input.level,
        event: eventZh(input.hazardType, input.level),
        headline: input.headline,
        description: input.description,
        instruction: input.instruction,
        headlineEn: input.headlineEn ?? null,
        descriptionEn: input.descriptionEn ?? null,
        instructionEn: input.instructionEn ?? null,
        areaDesc: await areaDescOf(tx, input.divisionCodes),
        divisionCodes: [...new Set(input.divisionCodes)],
        polygon: input.polygon ?? null,
        onset,
        expires,
        divisionCode: actor.divisionCode,
        orgId: actor.orgId,
        orgName: actor.orgName,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, { action: 'warning.create', entity: 'warning', entityId: row.id, after: row });
    return row.id;
  });
  return getWarning(deps, ctx, id);
}

/** A draft from an upstream CAP 1.2 message (e.g. the meteorological bureau's), ready to forward. */
export async function importCap(deps: Deps, ctx: RequestContext, xml: string): Promise<Warning> {
  const actor = actorOf(ctx);
  const now = deps.now();
  let imported;
  try {
    imported = capToWarning(parseCap(xml));
  } catch (e) {
    if (e instanceof CapParseError) throw new AppError('CAP_INVALID', { reason: e.message });
    throw e;
  }
  const w = imported;
  const id = await transact(deps.database, deps.bus, async ({ tx }) => {
    const divisionCodes = w.divisionCodes.length ? w.divisionCodes : [actor.divisionCode];
    await checkDivisions(tx, actor, divisionCodes);
    const [row] = await tx
      .insert(warnings)
      .values({
        hazardType: w.hazardType,
        level: w.level,
        language: w.language,
        event: w.event,
        headline: w.headline,
        description: w.description,
        instruction: w.instruction,
        headlineEn: w.headlineEn,
        descriptionEn: w.descriptionEn,
        instructionEn: w.instructionEn,
        areaDesc: w.areaDesc ?? (await areaDescOf(tx, divisionCodes)),
        divisionCodes,
        polygon: w.polygon,
        onset: w.onset,
        expires: w.expires,
        divisionCode: actor.divisionCode,
        orgId: actor.orgId,
        orgName: actor.orgName,
        createdBy: actor.userId,
        source: w.source,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await tx.insert(warningMessages).values({
      warningId: row.id,
      seq: 1,
      direction: 'in',
      identifier: w.source.identifier,
      sender: w.source.sender,
      sent: w.source.sent,
      sentAt: now,
      msgType: w.source.msgType,
      references: w.source.references,
      xml,
    });
    await recordAudit(tx, ctx, {
      action: 'warning.import',
      entity: 'warning',
      entityId: row.id,
      after: { ...row, source: w.source },
    });
    return row.id;
  });
  return getWarning(deps, ctx, id);
}

/** The warning row a user may read (drafts in the issuing scope, published ones by everyone). */
export async function readableWarning(deps: Deps, ctx: RequestContext, id: string): Promise<WarningRow> {
  const [row] = await deps.database.db.select().from(warnings).where(eq(warnings.id, id));
  if (!row || !canRead(actorOf(ctx), row)) throw new AppError('WARNING_NOT_FOUND');
  return row;
}

export async function getWarning(deps: Deps, ctx: RequestContext, id: string): Promise<Warning> {
  const actor = actorOf(ctx);
  const [row] = await deps.database.db.select().from(warnings).where(eq(warnings.id, id));
  if (!row || !canRead(actor, row)) throw new AppError('WARNING_NOT_FOUND');
  return toWarning(row, await messagesOf(deps.database.db, id), deps.now());
}

export interface WarningFilter {
  status?: WarningStatus | undefined;
  level?: number | undefined;
  hazardType?: HazardType | undefined;
  page: number;
  pageSize: number;
}

function statusCondition(status: WarningStatus, now: Date): SQL {
  if (status === 'expired')
    return or(
      eq(warnings.status, 'expired'),
      and(inArray(warnings.status, ['published', 'updated']), lte(warnings.expires, now)),
    ) as SQL;
  if (status === 'published' || status === 'updated')
    return and(eq(warnings.status, status), gt(warnings.expires, now)) as SQL;
  return eq(warnings.status, status);
}

export async function listWarnings(deps: Deps, ctx: RequestContext, f: WarningFilter) {
  const actor = actorOf(ctx);
  const now = deps.now();
  const conds: SQL[] = [visible(actor)];
  if (f.status) conds.push(statusCondition(f.status, now));
  if (f.level) conds.push(eq(warnings.level, f.level));
  if (f.hazardType) conds.push(eq(warnings.hazardType, f.hazardType));
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(warnings)
      .where(where)
      .orderBy(sql`${warnings.createdAt} DESC`, desc(warnings.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(warnings).where(where),
  ]);
  const ids = rows.map((r) => r.id);
  const msgs = ids.length
    ? await db
        .select()
        .from(warningMessages)
        .where(inArray(warningMessages.warningId, ids))
        .orderBy(asc(warningMessages.seq))
    : [];
  return {
    items: rows.map((r) =>
      toWarning(
        r,
        msgs.filter((m) => m.warningId === r.id),
        now,
      ),
    ),
    total: total?.n ?? 0,
  };
}

/** Locks a warning the actor may change: outside their scope it is not found (or out of scope when public). */
async function lockForChange(tx: DbOrTx, actor: Actor, id: string): Promise<WarningRow> {
  const [row] = await tx.select().from(warnings).where(eq(warnings.id, id)).for('update');
  if (!row || !canRead(actor, row)) throw new AppError('WARNING_NOT_FOUND');
  if (!isInScope(actor.divisionCode, row.divisionCode))
    throw new AppError('OUT_OF_SCOPE', { divisionCode: row.divisionCode, scope: actor.divisionCode });
  return row;
}

function assertState(row: WarningRow, now: Date, allowed: WarningStatus[]) {
  const status = effectiveStatus(row.status, row.expires, now);
  if (!allowed.includes(status)) throw new AppError('WARNING_STATE_INVALID', { status, allowed });
}

/** Nothing already past its expiry goes out. */
function assertNotExpired(row: WarningRow, now: Date) {
  if (row.expires.getTime() <= now.getTime())
    throw new AppError('WARNING_EXPIRED', { expires: row.expires.toISOString() });
}

function emitOf(emit: TxScope['emit'], type: string, r: WarningRow, msg?: WarningMessageRow) {
  // Published warnings are public: every signed-in user's live stream carries them.
  emit({
    type,
    divisionCode: null,
    entity: 'warning',
    entityId: r.id,
    data: {
      level: r.level,
      hazardType: r.hazardType,
      divisionCodes: r.divisionCodes,
      ...(msg ? { identifier: msg.identifier, msgType: msg.msgType } : {}),
    },
  });
}

export async function submitWarning(deps: Deps, ctx: RequestContext, id: string): Promise<Warning> {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx }) => {
    const before = await lockForChange(tx, actor, id);
    assertState(before, now, ['draft']);
    assertNotExpired(before, now);
    const [after] = await tx
      .update(warnings)
      .set({ status: 'pending_approval', submittedBy: actor.userId, updatedAt: now })
      .where(eq(warnings.id, id))
      .returning();
    await recordAudit(tx, ctx, { action: 'warning.submit', entity: 'warning', entityId: id, before, after });
  });
  return getWarning(deps, ctx, id);
}

/** Approval publishes: the first CAP message (Alert) goes out. The drafter cannot approve their own warning. */
export async function approveWarning(deps: Deps, ctx: RequestContext, id: string): Promise<Warning> {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const before = await lockForChange(tx, actor, id);
    assertState(before, now, ['pending_approval']);
    if (before.createdBy === actor.userId) throw new AppError('WARNING_SELF_APPROVAL');
    assertNotExpired(before, now);
    const [after] = await tx
      .update(warnings)
      .set({ status: 'published', approvedBy: actor.userId, publishedAt: now, updatedAt: now })
      .where(eq(warnings.id, id))
      .returning();
    if (!after) throw new Error('update returned nothing');
    const msg = await sendMessage(tx, after, 'Alert', now);
    await enqueueDispatch(tx, msg);
    await recordAudit(tx, ctx, {
      action: 'warning.approve',
      entity: 'warning',
      entityId: id,
      before,
      after: { ...after, message: msg.identifier },
    });
    emitOf(emit, 'warning.published', after, msg);
  });
  return getWarning(deps, ctx, id);
}

/** A draft is edited in place; a published warning changes by an Update message. */
export async function updateWarning(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: UpdateWarningInput,
): Promise<Warning> {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const before = await lockForChange(tx, actor, id);
    assertState(before, now, ['draft', 'published', 'updated']);
    if (input.divisionCodes) await checkDivisions(tx, actor, input.divisionCodes);
    const onset = input.onset ? new Date(input.onset) : before.onset;
    const expires = input.expires ? new Date(input.expires) : before.expires;
    assertTimes(onset, expires);
    const hazardType = input.hazardType ?? before.hazardType;
    const level = input.level ?? asLevel(before.level);
    const issued = before.status !== 'draft';
    const set: Partial<typeof warnings.$inferInsert> = { updatedAt: now, onset, expires, hazardType, level };
    if (input.hazardType || input.level) set.event = eventZh(hazardType, level);
    for (const key of [
      'headline',
      'description',
      'instruction',
      'headlineEn',
      'descriptionEn',
      'instructionEn',
      'polygon',
    ] as const) {
      if (input[key] !== undefined) Object.assign(set, { [key]: input[key] });
    }
    if (input.divisionCodes) {
      set.divisionCodes = [...new Set(input.divisionCodes)];
      set.areaDesc = await areaDescOf(tx, set.divisionCodes);
    }
    if (issued) set.status = 'updated';
    const [after] = await tx.update(warnings).set(set).where(eq(warnings.id, id)).returning();
    if (!after) throw new Error('update returned nothing');
    const msg = issued ? await sendMessage(tx, after, 'Update', now) : undefined;
    if (msg) await enqueueDispatch(tx, msg);
    await recordAudit(tx, ctx, {
      action: 'warning.update',
      entity: 'warning',
      entityId: id,
      before,
      after: msg ? { ...after, message: msg.identifier } : after,
    });
    if (msg) emitOf(emit, 'warning.updated', after, msg);
  });
  return getWarning(deps, ctx, id);
}

/** Withdraws a draft, or cancels a published warning with a Cancel message. */
export async function cancelWarning(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  reason: string | undefined,
): Promise<Warning> {
  const actor = actorOf(ctx);
  const now = deps.now();
  await transact(deps.database, deps.bus, async ({ tx, emit }) => {
    const before = await lockForChange(tx, actor, id);
    assertState(before, now, ['draft', 'pending_approval', 'published', 'updated']);
    const issued = isIssued(before.status);
    const [after] = await tx
      .update(warnings)
      .set({ status: 'cancelled', cancelledAt: now, updatedAt: now })
      .where(eq(warnings.id, id))
      .returning();
    if (!after) throw new Error('update returned nothing');
    const msg = issued ? await sendMessage(tx, after, 'Cancel', now) : undefined;
    if (msg) await enqueueDispatch(tx, msg);
    await recordAudit(tx, ctx, {
      action: 'warning.cancel',
      entity: 'warning',
      entityId: id,
      before,
      after: { ...after, reason: reason ?? null, message: msg?.identifier ?? null },
    });
    if (msg) emitOf(emit, 'warning.cancelled', after, msg);
  });
  return getWarning(deps, ctx, id);
}

/**
 * The CAP message of a warning: the latest one sent, public once issued. A draft (or one awaiting
 * approval) has none yet; a signed-in user in its scope gets a preview Alert, anyone else not found.
 */
export async function capXmlOf(deps: Deps, actor: Actor | null, id: string): Promise<string> {
  const db = deps.database.db;
  const [row] = await db.select().from(warnings).where(eq(warnings.id, id));
  if (!row) throw new AppError('WARNING_NOT_FOUND');
  if (isIssued(row.status)) {
    const [latest] = await db
      .select()
      .from(warningMessages)
      .where(and(eq(warningMessages.warningId, id), eq(warningMessages.direction, 'out')))
      .orderBy(desc(warningMessages.seq))
      .limit(1);
    if (latest) return latest.xml;
  }
  if (!actor || !isInScope(actor.divisionCode, row.divisionCode)) throw new AppError('WARNING_NOT_FOUND');
  return toCapXml(
    warningToCap(capWarningOf(row), {
      identifier: `YJ-${row.id}-preview`,
      sender: senderOf(row.divisionCode),
      sent: deps.now(),
      msgType: 'Alert',
      references: [],
    }),
  );
}

/** Atom feed (RFC 4287) of the active warnings, each entry linking to its CAP message. */
export async function activeFeed(deps: Deps, baseUrl: string): Promise<string> {
  const now = deps.now();
  const db = deps.database.db;
  const rows = await db
    .select()
    .from(warnings)
    .where(and(inArray(warnings.status, ['published', 'updated']), gt(warnings.expires, now)))
    .orderBy(desc(warnings.updatedAt))
    .limit(500);
  const ids = rows.map((r) => r.id);
  const msgs = ids.length
    ? await db
        .select({
          warningId: warningMessages.warningId,
          identifier: warningMessages.identifier,
          sentAt: warningMessages.sentAt,
          seq: warningMessages.seq,
        })
        .from(warningMessages)
        .where(and(inArray(warningMessages.warningId, ids), eq(warningMessages.direction, 'out')))
        .orderBy(asc(warningMessages.seq))
    : [];
  const self = `${baseUrl}/api/v1/warnings/cap/feed.atom`;
  const latestOf = (id: string) => msgs.filter((m) => m.warningId === id).at(-1);
  const updated = rows.reduce((t, r) => Math.max(t, latestOf(r.id)?.sentAt.getTime() ?? r.updatedAt.getTime()), 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(self)}</id>`,
    '  <title>应急预警信息 Public warnings</title>',
    `  <updated>${new Date(updated || now.getTime()).toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>`,
    '  <author><name>Yingji 应急</name></author>',
  ];
  for (const r of rows) {
    const latest = latestOf(r.id);
    const href = `${baseUrl}/api/v1/warnings/${r.id}/cap.xml`;
    out.push(
      '  <entry>',
      `    <id>urn:uuid:${r.id}</id>`,
      `    <title>${escapeXml(r.headline)}</title>`,
      `    <updated>${(latest?.sentAt ?? r.updatedAt).toISOString()}</updated>`,
      ...(r.publishedAt ? [`    <published>${r.publishedAt.toISOString()}</published>`] : []),
      ...(r.orgName ? [`    <author><name>${escapeXml(r.orgName)}</name></author>`] : []),
      `    <category term="${escapeXml(r.hazardType)}" label="${escapeXml(r.event)}"/>`,
      `    <summary>${escapeXml(r.description)}</summary>`,
      `    <link rel="alternate" type="application/cap+xml" href="${escapeXml(href)}"/>`,
      '  </entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}
