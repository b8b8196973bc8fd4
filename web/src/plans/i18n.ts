import i18n from '../app/i18n';
import zh from './i18n/zh-CN.json';
import en from './i18n/en-US.json';

/** Namespace of the 预案库 pages: `useTranslation('plans')`, or `plans:<key>` elsewhere. */
export const PLANS_NS = 'plans';

i18n.addResourceBundle('zh-CN', PLANS_NS, zh, true, true);
i18n.addResourceBundle('en-US', PLANS_NS, en, true, true);

export default i18n;
