import i18n from '../app/i18n';
import zh from './i18n/zh-CN.json';
import en from './i18n/en-US.json';

/** Namespace of the 监测预警 pages, panel and map layer: `useTranslation('monitoring')`, or `monitoring:<key>`. */
export const MONITORING_NS = 'monitoring';

i18n.addResourceBundle('zh-CN', MONITORING_NS, zh, true, true);
i18n.addResourceBundle('en-US', MONITORING_NS, en, true, true);

// The map's layer panel titles a group by the shell's key `map.groups.<group>`; until the shell's
// locale files carry `map.groups.monitoring`, give it from this module (never overriding theirs).
i18n.addResourceBundle('zh-CN', 'translation', { map: { groups: { monitoring: zh.map.group } } }, true, false);
i18n.addResourceBundle('en-US', 'translation', { map: { groups: { monitoring: en.map.group } } }, true, false);

export default i18n;
