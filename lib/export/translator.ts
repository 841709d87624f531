import 'server-only';
import { createTranslator } from 'use-intl/core';
import en from '@/messages/en.json';
import zh from '@/messages/zh-CN.json';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE } from '@/i18n/locales';

/**
 * The export viewer's wording: the language of the same cookie the screens read, over the whole catalogue (headers
 * and values come from several namespaces). A key the catalogue lacks is answered with `fallback`.
 */
export function viewerWords(req: Request): { t: (key: string) => string; has: (key: string) => boolean } {
  const stored = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`).exec(req.headers.get('cookie') ?? '')?.[1];
  const locale = isLocale(stored) ? stored : DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: locale === 'en' ? en : zh });
  return { t: (key) => t(key as never), has: (key) => t.has(key as never) };
}
