import i18n from '../app/i18n';
import zh from './i18n/zh-CN.json';
import en from './i18n/en-US.json';

/** Namespace of the 双重预防 pages and map layers: `useTranslation('risks')`, or `risks:<key>` elsewhere. */
export const RISKS_NS = 'risks';

i18n.addResourceBundle('zh-CN', RISKS_NS, zh, true, true);
i18n.addResourceBundle('en-US', RISKS_NS, en, true, true);

// The map's layer panel titles a group by the shell's key `map.groups.<group>`; give the risks group
// from this module (never overriding the shell's own).
i18n.addResourceBundle('zh-CN', 'translation', { map: { groups: { risks: zh.map.group } } }, true, false);
i18n.addResourceBundle('en-US', 'translation', { map: { groups: { risks: en.map.group } } }, true, false);

export default i18n;
