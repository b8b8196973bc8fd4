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
  'incident.read',
  'incident.create',
  'incident.update',
  'incident.grade',
  'duty.read',
  'duty.manage',
  'notification.read',
  'resource.read',
  'resource.manage',
  'supply.move',
  'plan.read',
  'plan.manage',
  'response.manage',
  'task.read',
  'task.update',
  'drill.read',
  'drill.manage',
  'monitoring.read',
  'monitoring.manage',
  'alarm.handle',
  'warning.read',
  'warning.manage',
  'warning.approve',
  'subscriber.manage',
  'risk.read',
  'risk.manage',
  'hazard.read',
  'hazard.report',
  'hazard.rectify',
  'hazard.verify',
  'hazard.supervise',
  'programme.read',
  'programme.manage',
  'programme.report',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_BASICS: Permission[] = [
  'organization.read',
  'division.read',
  'map.read',
  'notification.read',
  'resource.read',
  'plan.read',
  'drill.read',
  'task.read',
  'monitoring.read',
  'warning.read',
  'risk.read',
  'hazard.read',
  'programme.read',
];
/** Public warnings: drafting and approving (two different people). */
const WARNINGS: Permission[] = ['warning.manage', 'warning.approve', 'subscriber.manage'];
/** Dual prevention: the risk register and the hazard workflow (scope decides whose). */
const RISKS: Permission[] = ['risk.manage', 'hazard.report', 'hazard.rectify', 'hazard.verify'];
const RESOURCES: Permission[] = ['resource.manage', 'supply.move'];
const INCIDENT_DESK: Permission[] = ['incident.read', 'incident.create', 'incident.update', 'duty.read', 'duty.manage'];
/** Plan officers, drills and the command board. */
const PLANS: Permission[] = ['plan.manage', 'drill.manage', 'response.manage', 'task.update'];
/** Sensors, rules and the alarms they raise. */
const MONITORING: Permission[] = ['monitoring.manage', 'alarm.handle'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  duty_officer: [...READ_BASICS, ...INCIDENT_DESK, 'supply.move', 'user.read', 'alarm.handle'],
  commander: [
    ...READ_BASICS,
    ...INCIDENT_DESK,
    ...RESOURCES,
    ...PLANS,
    ...MONITORING,
    ...WARNINGS,
    'hazard.supervise',
    'programme.manage',
    'programme.report',
    'incident.grade',
    'user.read',
  ],
  // A member department's liaison works its own tasks and records its own drills.
  // It also reports progress on the programme tasks its organisation leads or shares.
  department: [...READ_BASICS, 'incident.read', 'duty.read', 'task.update', 'drill.manage', 'programme.report'],
  // County staff register the organisations of their own county (enterprises, town offices) and run its duty desk.
  county: [
    ...READ_BASICS,
    ...INCIDENT_DESK,
    ...RESOURCES,
    ...PLANS,
    ...MONITORING,
    ...WARNINGS,
    ...RISKS,
    'hazard.supervise',
    'programme.report',
    'incident.grade',
    'organization.create',
    'organization.update',
    'user.read',
  ],
  // An enterprise reports its own accidents directly (企业直报).
  // It also keeps its own plans and drill records (企业预案、演练).
  // Its risk points and hazards are its own (双重预防 starts in the enterprise).
  enterprise: [
    ...READ_BASICS,
    ...RISKS,
    'incident.read',
    'incident.create',
    'plan.manage',
    'drill.manage',
    'task.update',
  ],
  // Inspectors (执法检查) record hazards they find and verify rectifications.
  inspector: [...READ_BASICS, 'incident.read', 'hazard.report', 'hazard.verify'],
  viewer: [...READ_BASICS, 'incident.read', 'duty.read'],
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  const set = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role]) set.add(p);
  return [...set].sort();
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
}
