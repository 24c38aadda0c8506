import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api.ts';
import de from './de.json' with { type: 'json' };

export const LOCALES: readonly Locale[] = ['de', 'en', 'sv'];
const STORAGE_KEY = 'treffpunkt.locale';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** Only German ships in the first bundle; the others load when somebody picks them. */
const loaders: Record<Exclude<Locale, 'de'>, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('./en.json', { with: { type: 'json' } }),
  sv: () => import('./sv.json', { with: { type: 'json' } }),
};

function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

/** The language chosen on this device, if any; it wins over the community default. */
export const hasStoredLocale = (): boolean => storedLocale() !== null;

/** Main catalogues already in i18next (module strings may add to a language before its catalogue loads). */
const loadedMain = new Set<Locale>(['de']);

/**
 * Adds a module's strings (all three languages) into the one `translation` namespace. Modules call it
 * from their lazily loaded pages, so their strings stay out of the first bundle.
 */
export function addStrings(bundles: Record<Locale, Record<string, unknown>>): void {
  for (const l of LOCALES) i18n.addResourceBundle(l, 'translation', bundles[l], true, false);
}

export async function setLocale(locale: Locale, remember = false): Promise<void> {
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Private mode: the choice lasts for this visit only.
    }
  }
  if (locale !== 'de' && !loadedMain.has(locale)) {
    const mod = await loaders[locale]();
    // Deep, without overwriting: strings a module added earlier stay.
    i18n.addResourceBundle(locale, 'translation', mod.default, true, false);
    loadedMain.add(locale);
  }
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: { de: { translation: de } },
  lng: 'de',
  fallbackLng: 'de',
  supportedLngs: LOCALES as Locale[],
  interpolation: { escapeValue: false },
  returnNull: false,
});

const initial = storedLocale();
if (initial && initial !== 'de') void setLocale(initial);

export default i18n;
