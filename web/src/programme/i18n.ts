import i18n from '../app/i18n';
import zh from './i18n/zh-CN.json';
import en from './i18n/en-US.json';

/** Namespace of the 规划实施 pages: `useTranslation('programme')`, or `programme:<key>` elsewhere. */
export const PROGRAMME_NS = 'programme';

i18n.addResourceBundle('zh-CN', PROGRAMME_NS, zh, true, true);
i18n.addResourceBundle('en-US', PROGRAMME_NS, en, true, true);

export default i18n;
