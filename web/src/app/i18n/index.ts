import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN.json';
import enUS from './en-US.json';

export const LANG_STORAGE_KEY = 'yingji.lang';
export type UiLang = 'zh-CN' | 'en-US';
export const UI_LANGS: readonly UiLang[] = ['zh-CN', 'en-US'];

function readStoredLang(): UiLang {
  try {
    const stored = window.localStorage.getItem(LANG_STORAGE_KEY);
    if (stored === 'zh-CN' || stored === 'en-US') return stored;
  } catch {
    // storage unavailable (private mode): fall back to the default
  }
  return 'zh-CN';
}

export function currentLang(): UiLang {
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

export function setLang(lang: UiLang): void {
  try {
    window.localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // ignore: the choice still applies to this page
  }
  void i18n.changeLanguage(lang);
}

const initial = readStoredLang();

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: zhCN },
    'en-US': { translation: enUS },
  },
  lng: initial,
  fallbackLng: 'zh-CN',
  supportedLngs: UI_LANGS,
  interpolation: { escapeValue: false },
  returnNull: false,
});

document.documentElement.lang = initial;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export default i18n;
