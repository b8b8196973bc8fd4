/** Modules that are planned but not built yet; each gets a menu entry and a "under construction" page. */
export const PLACEHOLDER_MODULES: readonly { key: string; path: string }[] = [];

export type PlaceholderModuleKey = (typeof PLACEHOLDER_MODULES)[number]['key'];
