/**
 * Password policy: at least 10 characters drawn from at least three of the
 * four classes upper case, lower case, digits, symbols (GB/T 22239-2019
 * 等级保护 2.0 asks for complexity; the bureau's policy fixes these numbers).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MIN_CLASSES = 3;

export function passwordClasses(pw: string): number {
  let n = 0;
  if (/[A-Z]/.test(pw)) n++;
  if (/[a-z]/.test(pw)) n++;
  if (/[0-9]/.test(pw)) n++;
  if (/[^A-Za-z0-9]/.test(pw)) n++;
  return n;
}

export function isPasswordStrong(pw: string): boolean {
  return [...pw].length >= PASSWORD_MIN_LENGTH && passwordClasses(pw) >= PASSWORD_MIN_CLASSES;
}

/** Five failed logins in a row lock the account for 15 minutes. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** A session expires after 30 minutes without a request. */
export const SESSION_IDLE_MINUTES = 30;

export function lockedUntilAfterFailure(failedLogins: number, now: Date): Date | null {
  return failedLogins >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
}

export function isSessionExpired(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() > SESSION_IDLE_MINUTES * 60_000;
}
