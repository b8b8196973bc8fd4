/** Modules that are planned but not built yet; each gets a menu entry and a "under construction" page. */
export const PLACEHOLDER_MODULES = [
  { key: 'warnings', path: '/warnings' },
  { key: 'risks', path: '/risks' },
  { key: 'programme', path: '/programme' },
] as const;

export type PlaceholderModuleKey = (typeof PLACEHOLDER_MODULES)[number]['key'];
