import 'server-only';
import { createTranslator } from 'use-intl/core';
import en from '@/messages/en.json';
import zh from '@/messages/zh-CN.json';
import { isLocale, DEFAULT_LOCALE, type Locale } from '@/i18n/locales';

const catalogues = { en, 'zh-CN': zh } as const;

/** Customer messages are templated in the same catalogues as the screens, in the customer's language. */
export function renderCustomerMessage(template: 'otp', locale: string, params: Record<string, string | number>): { locale: Locale; body: string } {
  const chosen: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const t = createTranslator({ locale: chosen, messages: catalogues[chosen], namespace: 'customerMessages' });
  return { locale: chosen, body: t(template, params) };
}
