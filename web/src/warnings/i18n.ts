import i18n from '../app/i18n';
import zh from './i18n/zh-CN.json';
import en from './i18n/en-US.json';

/** Namespace of the 预警发布 pages: `useTranslation('warnings')`, or `warnings:<key>` elsewhere. */
export const WARNINGS_NS = 'warnings';

i18n.addResourceBundle('zh-CN', WARNINGS_NS, zh, true, true);
i18n.addResourceBundle('en-US', WARNINGS_NS, en, true, true);

export default i18n;
