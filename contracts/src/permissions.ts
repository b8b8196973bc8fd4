import type { Role } from './enums.js';

/**
 * Permissions are `<entity>.<action>`. A role grants a set of them; the scope
 * (the user's division and everything under it) is applied by the service layer.
 */
export const PERMISSIONS = [
  'organization.read',
  'organization.create',
  'organization.update',
  'user.read',
  'user.create',
  'user.update',
  'audit.read',
  'division.read',
  'map.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_BASICS: Permission[] = ['organization.read', 'division.read', 'map.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  duty_officer: [...READ_BASICS, 'user.read'],
  commander: [...READ_BASICS, 'user.read'],
  department: READ_BASICS,
  // County staff register the organisations of their own county (enterprises, town offices).
  county: [...READ_BASICS, 'organization.create', 'organization.update', 'user.read'],
  enterprise: READ_BASICS,
  inspector: READ_BASICS,
  viewer: READ_BASICS,
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  const set = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role]) set.add(p);
  return [...set].sort();
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
}
