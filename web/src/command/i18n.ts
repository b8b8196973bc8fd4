import i18n from '../app/i18n';
import zh from './i18n/zh-CN.json';
import en from './i18n/en-US.json';

/** Namespace of the 指挥调度 pages: `useTranslation('command')`, or `command:<key>` elsewhere. */
export const COMMAND_NS = 'command';

i18n.addResourceBundle('zh-CN', COMMAND_NS, zh, true, true);
i18n.addResourceBundle('en-US', COMMAND_NS, en, true, true);

export default i18n;
