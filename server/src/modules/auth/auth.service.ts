import crypto from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { and, eq, sql } from 'drizzle-orm';
import { permissionsOf, type SessionUser } from '@yingji/contracts';
import type { Actor, RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { organizations, users } from '../org/index.js';
import { isSessionExpired, lockedUntilAfterFailure, SESSION_IDLE_MINUTES } from './password.rules.js';
import { sessions } from './sessions.table.js';

export function hashPassword(pw: string): Promise<string> {
  return argonHash(pw);
}

// Verified against when the username is unknown, so both paths take the same time.
let dummyHash: Promise<string> | null = null;

function sessionId(secret: string, token: string): string {
  return crypto.createHmac('sha256', secret).update(token).digest('hex');
}

export interface LoginResult {
  token: string;
  user: SessionUser;
  expiresAt: string;
}

async function loadActor(deps: Deps, userId: string): Promise<Actor | null> {
  const rows = await deps.database.db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      orgId: users.orgId,
      orgName: organizations.name,
      divisionCode: organizations.divisionCode,
      roles: users.roles,
      isActive: users.isActive,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, userId));
  const r = rows[0];
  if (!r || !r.isActive) return null;
  return {
    userId: r.userId,
    username: r.username,
    displayName: r.displayName,
    orgId: r.orgId,
    orgName: r.orgName,
    divisionCode: r.divisionCode,
    roles: r.roles,
    permissions: permissionsOf(r.roles),
  };
}

export function toSessionUser(a: Actor): SessionUser {
  return {
    id: a.userId,
    username: a.username,
    displayName: a.displayName,
    orgId: a.orgId,
    orgName: a.orgName,
    divisionCode: a.divisionCode,
    roles: a.roles,
    permissions: a.permissions,
  };
}

export async function login(
  deps: Deps,
  ctx: RequestContext,
  input: { username: string; password: string; ip?: string | undefined; userAgent?: string | undefined },
): Promise<LoginResult> {
  const now = deps.now();
  const found = await deps.database.db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${input.username})`);
  const u = found[0];
  if (!u) {
    dummyHash ??= hashPassword('not-a-real-password-Aa1!');
    await argonVerify(await dummyHash, input.password).catch(() => false);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (u.lockedUntil && u.lockedUntil > now) {
    throw new AppError('ACCOUNT_LOCKED', { lockedUntil: u.lockedUntil.toISOString() });
  }
  const ok = await argonVerify(u.passwordHash, input.password).catch(() => false);
  if (!ok) {
    const lockedUntil = await transact(deps.database, deps.bus, async ({ tx }) => {
      const [row] = await tx
        .update(users)
        .set({ failedLogins: sql`${users.failedLogins} + 1` })
        .where(eq(users.id, u.id))
        .returning({ failedLogins: users.failedLogins });
      const until = lockedUntilAfterFailure(row?.failedLogins ?? 0, now);
      if (until) {
        await tx.update(users).set({ lockedUntil: until, failedLogins: 0 }).where(eq(users.id, u.id));
        await recordAudit(tx, ctx, {
          action: 'auth.lock',
          entity: 'user',
          entityId: u.id,
          before: { lockedUntil: u.lockedUntil?.toISOString() ?? null },
          after: { lockedUntil: until.toISOString() },
        });
      }
      return until;
    });
    if (lockedUntil) throw new AppError('ACCOUNT_LOCKED', { lockedUntil: lockedUntil.toISOString() });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!u.isActive) throw new AppError('ACCOUNT_DISABLED');

  const token = crypto.randomBytes(32).toString('base64url');
  const actor = await loadActor(deps, u.id);
  if (!actor) throw new AppError('ACCOUNT_DISABLED');
  // The login is the user's own act: the audit row names them.
  const asUser = { ...ctx, actor };
  await transact(deps.database, deps.bus, async ({ tx }) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, u.id));
    await tx.insert(sessions).values({
      id: sessionId(deps.config.sessionSecret, token),
      userId: u.id,
      createdAt: now,
      lastSeenAt: now,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(tx, asUser, {
      action: 'auth.login',
      entity: 'user',
      entityId: u.id,
      before: { lastLoginAt: u.lastLoginAt?.toISOString() ?? null },
      after: { lastLoginAt: now.toISOString(), ip: input.ip ?? null },
    });
  });
  return {
    token,
    user: toSessionUser(actor),
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MINUTES * 60_000).toISOString(),
  };
}

/**
 * Resolves a bearer token to the acting user, sliding the idle window.
 * Throws AUTH_REQUIRED for an unknown token and SESSION_EXPIRED after 30 minutes idle.
 */
export async function authenticate(deps: Deps, token: string): Promise<Actor> {
  const id = sessionId(deps.config.sessionSecret, token);
  const now = deps.now();
  // One round trip: the session with its user and organisation.
  const rows = await deps.database.db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      orgId: users.orgId,
      orgName: organizations.name,
      divisionCode: organizations.divisionCode,
      roles: users.roles,
      isActive: users.isActive,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(sessions.id, id));
  const s = rows[0];
  if (!s || !s.isActive) throw new AppError('AUTH_REQUIRED');
  if (isSessionExpired(s.lastSeenAt, now)) {
    await deps.database.db.delete(sessions).where(eq(sessions.id, id));
    throw new AppError('SESSION_EXPIRED');
  }
  // Slide the idle window; skip the write when the last one is recent.
  if (now.getTime() - s.lastSeenAt.getTime() > 15_000) {
    await deps.database.db
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(and(eq(sessions.id, id), sql`${sessions.lastSeenAt} < ${new Date(now.getTime() - 15_000)}`));
  }
  return {
    userId: s.userId,
    username: s.username,
    displayName: s.displayName,
    orgId: s.orgId,
    orgName: s.orgName,
    divisionCode: s.divisionCode,
    roles: s.roles,
    permissions: permissionsOf(s.roles),
  };
}

export async function logout(deps: Deps, ctx: RequestContext, token: string): Promise<void> {
  const id = sessionId(deps.config.sessionSecret, token);
  await transact(deps.database, deps.bus, async ({ tx }) => {
    const deleted = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, id)))
      .returning({ userId: sessions.userId });
    if (deleted[0]) {
      await recordAudit(tx, ctx, { action: 'auth.logout', entity: 'user', entityId: deleted[0].userId });
    }
  });
}

/** Removes sessions idle for longer than the limit (run as a periodic job). */
export async function purgeExpiredSessions(deps: Deps): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - SESSION_IDLE_MINUTES * 60_000);
  const deleted = await deps.database.db
    .delete(sessions)
    .where(sql`${sessions.lastSeenAt} < ${cutoff}`)
    .returning({ id: sessions.id });
  return deleted.length;
}
