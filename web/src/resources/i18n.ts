import i18n from '../app/i18n';
import zh from './i18n/zh-CN.json';
import en from './i18n/en-US.json';

/** Namespace of the 应急资源 pages and map layers: `useTranslation('resources')`, or `resources:<key>` elsewhere. */
export const RESOURCES_NS = 'resources';

i18n.addResourceBundle('zh-CN', RESOURCES_NS, zh, true, true);
i18n.addResourceBundle('en-US', RESOURCES_NS, en, true, true);

export default i18n;
