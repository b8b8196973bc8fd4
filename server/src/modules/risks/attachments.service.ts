import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { ATTACHMENT_MAX_BYTES, type AttachmentMeta, type Permission } from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { sniffContentType } from './risks.rules.js';
import { canSee } from './risks.service.js';
import { attachments, hazards, type AttachmentRow } from './risks.table.js';

/** Whoever works on hazards may upload their photos and documents. */
const UPLOADERS: readonly Permission[] = ['hazard.report', 'hazard.rectify', 'hazard.verify', 'hazard.supervise'];

export function attachmentDir(deps: Deps): string {
  return path.join(deps.config.dataDir, 'attachments');
}

export function toAttachmentMeta(a: AttachmentRow): AttachmentMeta {
  return { id: a.id, name: a.name, size: a.size, contentType: a.contentType, createdAt: a.uploadedAt.toISOString() };
}

/**
 * Stores an upload on disk under `<dataDir>/attachments/<id>`. The declared type must be one we accept and the
 * file's first bytes must say the same (a renamed executable is refused).
 */
export async function uploadAttachment(
  deps: Deps,
  ctx: RequestContext,
  file: { name: string | undefined; declaredType: string; body: Buffer },
): Promise<AttachmentMeta> {
  const actor = actorOf(ctx);
  if (!UPLOADERS.some((p) => actor.permissions.includes(p))) throw new AppError('FORBIDDEN');
  if (file.body.length > ATTACHMENT_MAX_BYTES)
    throw new AppError('ATTACHMENT_TOO_LARGE', { size: file.body.length, limit: ATTACHMENT_MAX_BYTES });
  const sniffed = sniffContentType(file.body);
  const declared = file.declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!sniffed || sniffed !== declared)
    throw new AppError('ATTACHMENT_TYPE_INVALID', { declared: declared || null, detected: sniffed });
  const id = crypto.randomUUID();
  const dir = attachmentDir(deps);
  await fs.mkdir(dir, { recursive: true });
  const file_ = path.join(dir, id);
  await fs.writeFile(file_, file.body, { flag: 'wx' });
  try {
    return await transact(deps.database, deps.bus, async ({ tx }) => {
      const [row] = await tx
        .insert(attachments)
        .values({
          id,
          name: file.name?.trim() || `${id}.${sniffed.split('/')[1]}`,
          size: file.body.length,
          contentType: sniffed,
          sha256: crypto.createHash('sha256').update(file.body).digest('hex'),
          uploadedBy: actor.userId,
          uploadedAt: deps.now(),
        })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      await recordAudit(tx, ctx, { action: 'attachment.upload', entity: 'attachment', entityId: id, after: row });
      return toAttachmentMeta(row);
    });
  } catch (err) {
    await fs.rm(file_, { force: true });
    throw err;
  }
}

/**
 * Attaches uploads to a hazard (and one of its transitions) inside the caller's transaction. Each upload is used
 * once and only by the person who uploaded it.
 */
export async function claimAttachments(
  tx: DbOrTx,
  actor: Actor,
  ids: readonly string[],
  hazardId: string,
  transitionId: string,
): Promise<AttachmentRow[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const claimed = await tx
    .update(attachments)
    .set({ hazardId, transitionId })
    .where(and(inArray(attachments.id, unique), eq(attachments.uploadedBy, actor.userId), isNull(attachments.hazardId)))
    .returning();
  if (claimed.length !== unique.length) {
    const got = new Set(claimed.map((a) => a.id));
    throw new AppError('ATTACHMENT_INVALID', { attachments: unique.filter((id) => !got.has(id)) });
  }
  return claimed;
}

/** The file, to its uploader or to users whose scope includes the hazard it is attached to. */
export async function readAttachment(
  deps: Deps,
  ctx: RequestContext,
  id: string,
): Promise<{ meta: AttachmentMeta; data: Buffer }> {
  const actor = actorOf(ctx);
  const [row] = await deps.database.db
    .select({ a: attachments, h: { divisionCode: hazards.divisionCode, orgId: hazards.orgId } })
    .from(attachments)
    .leftJoin(hazards, eq(hazards.id, attachments.hazardId))
    .where(eq(attachments.id, id));
  if (!row) throw new AppError('ATTACHMENT_NOT_FOUND');
  const hazard = row.h?.divisionCode && row.h.orgId ? { divisionCode: row.h.divisionCode, orgId: row.h.orgId } : null;
  const mayRead = hazard ? canSee(actor, hazard) : row.a.uploadedBy === actor.userId;
  if (!mayRead) throw new AppError('ATTACHMENT_NOT_FOUND');
  const data = await fs.readFile(path.join(attachmentDir(deps), id)).catch(() => null);
  if (!data) throw new AppError('ATTACHMENT_NOT_FOUND');
  return { meta: toAttachmentMeta(row.a), data };
}
