/** Roles a user may hold (see docs/glossary.md). */
export const ROLES = [
  'admin',
  'duty_officer',
  'commander',
  'department',
  'county',
  'enterprise',
  'inspector',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

/** Kinds of organisation. */
export const ORG_KINDS = ['government', 'department', 'enterprise', 'rescue_team', 'institution'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Levels of the GB/T 2260 administrative division tree. */
export const DIVISION_LEVELS = ['province', 'city', 'county', 'town'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
