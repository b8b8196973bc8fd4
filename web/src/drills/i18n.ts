import i18n from '../app/i18n';
import zh from './i18n/zh-CN.json';
import en from './i18n/en-US.json';

/** Namespace of the 演练 tabs of the plans page: `useTranslation('drills')`, or `drills:<key>` elsewhere. */
export const DRILLS_NS = 'drills';

i18n.addResourceBundle('zh-CN', DRILLS_NS, zh, true, true);
i18n.addResourceBundle('en-US', DRILLS_NS, en, true, true);

export default i18n;
