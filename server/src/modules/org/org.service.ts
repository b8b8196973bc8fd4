import { and, arrayContains as drizzleArrayContains, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Organization, OrgKind, Role, User } from '@yingji/contracts';
import type { DbOrTx } from '../../db/client.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { isInScope } from '../../platform/scope.rules.js';
import { transact } from '../../platform/transaction.js';
import { recordAudit } from '../audit/index.js';
import { hashPassword, isPasswordStrong } from '../auth/index.js';
import { assertDivisionInScope, divisions } from '../divisions/index.js';
import { escapeLike, inScope } from '../divisions/index.js';
import { organizations, users } from './org.table.js';

const orgColumns = {
  id: organizations.id,
  name: organizations.name,
  kind: organizations.kind,
  divisionCode: organizations.divisionCode,
  divisionName: divisions.name,
  parentId: organizations.parentId,
  highRisk: organizations.highRisk,
  createdAt: organizations.createdAt,
  updatedAt: organizations.updatedAt,
};

type OrgRow = {
  id: string;
  name: string;
  kind: OrgKind;
  divisionCode: string;
  divisionName: string | null;
  parentId: string | null;
  highRisk: boolean;
  createdAt: Date;
  updatedAt: Date;
};

function toOrganization(r: OrgRow): Organization {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

export interface OrganizationFilter {
  divisionCode?: string | undefined;
  kind?: OrgKind | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listOrganizations(
  deps: Deps,
  ctx: RequestContext,
  f: OrganizationFilter,
): Promise<{ items: Organization[]; total: number }> {
  const actor = actorOf(ctx);
  const conds: SQL[] = [inScope(organizations.divisionCode, actor.divisionCode)];
  if (f.divisionCode) conds.push(inScope(organizations.divisionCode, f.divisionCode));
  if (f.kind) conds.push(eq(organizations.kind, f.kind));
  if (f.q) conds.push(ilike(organizations.name, `%${escapeLike(f.q)}%`));
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select(orgColumns)
      .from(organizations)
      .leftJoin(divisions, eq(divisions.code, organizations.divisionCode))
      .where(where)
      .orderBy(asc(organizations.divisionCode), asc(organizations.name))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(organizations).where(where),
  ]);
  return { items: rows.map(toOrganization), total: totals[0]?.n ?? 0 };
}

/** Finds an organisation within the actor's scope; out of scope reads as not found. */
async function findOrgInScope(db: DbOrTx, actor: Actor | null, id: string): Promise<Organization | null> {
  const rows = await db
    .select(orgColumns)
    .from(organizations)
    .leftJoin(divisions, eq(divisions.code, organizations.divisionCode))
    .where(eq(organizations.id, id));
  const r = rows[0];
  if (!r) return null;
  if (actor && !isInScope(actor.divisionCode, r.divisionCode)) return null;
  return toOrganization(r);
}

export async function getOrganization(deps: Deps, ctx: RequestContext, id: string): Promise<Organization> {
  const org = await findOrgInScope(deps.database.db, actorOf(ctx), id);
  if (!org) throw new AppError('ORGANIZATION_NOT_FOUND');
  return org;
}

export interface OrganizationInput {
  name: string;
  kind: OrgKind;
  divisionCode: string;
  parentId?: string | null | undefined;
  highRisk?: boolean | undefined;
}

export async function createOrganization(
  deps: Deps,
  ctx: RequestContext,
  input: OrganizationInput,
): Promise<Organization> {
  const actor = ctx.actor;
  try {
    return await transact(deps.database, deps.bus, async ({ tx, emit }) => {
      await assertDivisionInScope(tx, actor, input.divisionCode);
      if (input.parentId && !(await findOrgInScope(tx, actor, input.parentId))) {
        throw new AppError('PARENT_ORGANIZATION_INVALID', { parentId: input.parentId });
      }
      const [row] = await tx
        .insert(organizations)
        .values({
          name: input.name,
          kind: input.kind,
          divisionCode: input.divisionCode,
          parentId: input.parentId ?? null,
          highRisk: input.highRisk ?? false,
        })
        .returning({ id: organizations.id });
      if (!row) throw new Error('insert returned nothing');
      const created = await findOrgInScope(tx, null, row.id);
      await recordAudit(tx, ctx, {
        action: 'organization.create',
        entity: 'organization',
        entityId: row.id,
        after: created,
      });
      emit({
        type: 'organization.created',
        divisionCode: input.divisionCode,
        entity: 'organization',
        entityId: row.id,
        data: { name: input.name },
      });
      return created as Organization;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'organization_division_name_uq')) throw new AppError('ORGANIZATION_NAME_TAKEN');
    throw err;
  }
}

export async function updateOrganization(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  patch: Partial<OrganizationInput>,
): Promise<Organization> {
  const actor = actorOf(ctx);
  try {
    return await transact(deps.database, deps.bus, async ({ tx, emit }) => {
      // Lock the row so concurrent edits apply one after the other.
      await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id)).for('update');
      const before = await findOrgInScope(tx, actor, id);
      if (!before) throw new AppError('ORGANIZATION_NOT_FOUND');
      if (patch.divisionCode !== undefined) await assertDivisionInScope(tx, actor, patch.divisionCode);
      if (patch.parentId) {
        if (!(await findOrgInScope(tx, actor, patch.parentId)) || (await isDescendant(tx, patch.parentId, id))) {
          throw new AppError('PARENT_ORGANIZATION_INVALID', { parentId: patch.parentId });
        }
      }
      const set: Partial<typeof organizations.$inferInsert> = { updatedAt: deps.now() };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.kind !== undefined) set.kind = patch.kind;
      if (patch.divisionCode !== undefined) set.divisionCode = patch.divisionCode;
      if (patch.parentId !== undefined) set.parentId = patch.parentId;
      if (patch.highRisk !== undefined) set.highRisk = patch.highRisk;
      await tx.update(organizations).set(set).where(eq(organizations.id, id));
      const after = (await findOrgInScope(tx, null, id)) as Organization;
      await recordAudit(tx, ctx, {
        action: 'organization.update',
        entity: 'organization',
        entityId: id,
        before,
        after,
      });
      emit({ type: 'organization.updated', divisionCode: after.divisionCode, entity: 'organization', entityId: id });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'organization_division_name_uq')) throw new AppError('ORGANIZATION_NAME_TAKEN');
    throw err;
  }
}

/** True when `candidate` is `root` or lies below it in the organisation tree. */
async function isDescendant(db: DbOrTx, candidate: string, root: string): Promise<boolean> {
  let cur: string | null = candidate;
  for (let i = 0; cur && i < 50; i++) {
    if (cur === root) return true;
    const rows: { parentId: string | null }[] = await db
      .select({ parentId: organizations.parentId })
      .from(organizations)
      .where(eq(organizations.id, cur));
    cur = rows[0]?.parentId ?? null;
  }
  return false;
}

// ---------------- users ----------------

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  orgId: users.orgId,
  orgName: organizations.name,
  divisionCode: organizations.divisionCode,
  roles: users.roles,
  isActive: users.isActive,
  lockedUntil: users.lockedUntil,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

type UserRow = {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  orgName: string;
  divisionCode: string;
  roles: Role[];
  isActive: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
};

function toUser(r: UserRow): User {
  return {
    ...r,
    lockedUntil: r.lockedUntil?.toISOString() ?? null,
    lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export interface UserFilter {
  orgId?: string | undefined;
  role?: Role | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listUsers(
  deps: Deps,
  ctx: RequestContext,
  f: UserFilter,
): Promise<{ items: User[]; total: number }> {
  const actor = actorOf(ctx);
  const conds: SQL[] = [inScope(organizations.divisionCode, actor.divisionCode)];
  if (f.orgId) conds.push(eq(users.orgId, f.orgId));
  if (f.role) conds.push(arrayContains(f.role));
  if (f.q) {
    const p = `%${escapeLike(f.q)}%`;
    const c = orLike(p);
    conds.push(c);
  }
  const where = and(...conds);
  const db = deps.database.db;
  const [rows, totals] = await Promise.all([
    db
      .select(userColumns)
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(where)
      .orderBy(asc(users.username))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(users).innerJoin(organizations, eq(organizations.id, users.orgId)).where(where),
  ]);
  return { items: rows.map(toUser), total: totals[0]?.n ?? 0 };
}

function arrayContains(role: Role): SQL {
  return drizzleArrayContains(users.roles, [role]);
}
function orLike(p: string): SQL {
  return or(ilike(users.username, p), ilike(users.displayName, p)) as SQL;
}

async function findUserInScope(db: DbOrTx, actor: Actor | null, id: string): Promise<User | null> {
  const rows = await db
    .select(userColumns)
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, id));
  const r = rows[0];
  if (!r) return null;
  if (actor && !isInScope(actor.divisionCode, r.divisionCode)) return null;
  return toUser(r);
}

export async function getUser(deps: Deps, ctx: RequestContext, id: string): Promise<User> {
  const u = await findUserInScope(deps.database.db, actorOf(ctx), id);
  if (!u) throw new AppError('USER_NOT_FOUND');
  return u;
}

export interface UserInput {
  username: string;
  password: string;
  displayName: string;
  orgId: string;
  roles: Role[];
}

export async function createUser(deps: Deps, ctx: RequestContext, input: UserInput): Promise<User> {
  if (!isPasswordStrong(input.password)) throw new AppError('PASSWORD_TOO_WEAK');
  const passwordHash = await hashPassword(input.password);
  try {
    return await transact(deps.database, deps.bus, async ({ tx, emit }) => {
      const org = await findOrgInScope(tx, ctx.actor, input.orgId);
      if (!org) throw new AppError('ORGANIZATION_NOT_FOUND', { orgId: input.orgId });
      const [row] = await tx
        .insert(users)
        .values({
          username: input.username,
          passwordHash,
          displayName: input.displayName,
          orgId: input.orgId,
          roles: [...new Set(input.roles)],
        })
        .returning({ id: users.id });
      if (!row) throw new Error('insert returned nothing');
      const created = (await findUserInScope(tx, null, row.id)) as User;
      await recordAudit(tx, ctx, { action: 'user.create', entity: 'user', entityId: row.id, after: created });
      emit({ type: 'user.created', divisionCode: org.divisionCode, entity: 'user', entityId: row.id });
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'app_user_username_uq')) throw new AppError('USERNAME_TAKEN');
    throw err;
  }
}

export interface UserPatch {
  displayName?: string | undefined;
  orgId?: string | undefined;
  roles?: Role[] | undefined;
  isActive?: boolean | undefined;
  password?: string | undefined;
}

export async function updateUser(deps: Deps, ctx: RequestContext, id: string, patch: UserPatch): Promise<User> {
  const actor = actorOf(ctx);
  if (patch.password !== undefined && !isPasswordStrong(patch.password)) throw new AppError('PASSWORD_TOO_WEAK');
  const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
  return transact(deps.database, deps.bus, async ({ tx, emit }) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, id)).for('update');
    const before = await findUserInScope(tx, actor, id);
    if (!before) throw new AppError('USER_NOT_FOUND');
    if (patch.orgId && !(await findOrgInScope(tx, actor, patch.orgId))) {
      throw new AppError('ORGANIZATION_NOT_FOUND', { orgId: patch.orgId });
    }
    const set: Partial<typeof users.$inferInsert> = { updatedAt: deps.now() };
    if (patch.displayName !== undefined) set.displayName = patch.displayName;
    if (patch.orgId !== undefined) set.orgId = patch.orgId;
    if (patch.roles !== undefined) set.roles = [...new Set(patch.roles)];
    if (patch.isActive !== undefined) set.isActive = patch.isActive;
    if (passwordHash !== undefined) {
      // A new password set by an administrator also lifts a lockout.
      set.passwordHash = passwordHash;
      set.failedLogins = 0;
      set.lockedUntil = null;
    }
    await tx.update(users).set(set).where(eq(users.id, id));
    const after = (await findUserInScope(tx, null, id)) as User;
    await recordAudit(tx, ctx, {
      action: passwordHash !== undefined ? 'user.update_password' : 'user.update',
      entity: 'user',
      entityId: id,
      before,
      after,
    });
    emit({ type: 'user.updated', divisionCode: after.divisionCode, entity: 'user', entityId: id });
    return after;
  });
}
