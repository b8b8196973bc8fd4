import { AppError } from './errors.js';
import type { Locale, Permission, Role } from '@yingji/contracts';

/** Who is acting: carried from the HTTP edge into every service call. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  orgId: string;
  orgName: string;
  /** The division of the actor's organisation: their scope. */
  divisionCode: string;
  roles: Role[];
  permissions: Permission[];
}

export interface RequestContext {
  actor: Actor | null;
  requestId: string | null;
  locale: Locale;
}

/** A context for work the system does itself (seeding, jobs). */
export function systemContext(requestId: string | null = null): RequestContext {
  return { actor: null, requestId, locale: 'zh-CN' };
}

/** The acting user, or AUTH_REQUIRED when the call has none. */
export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new AppError('AUTH_REQUIRED');
  return ctx.actor;
}
