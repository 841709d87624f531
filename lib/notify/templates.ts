import 'server-only';
import { createTranslator } from 'use-intl/core';
import en from '@/messages/en.json';
import zh from '@/messages/zh-CN.json';
import { isLocale, DEFAULT_LOCALE, type Locale } from '@/i18n/locales';

const catalogues = { en, 'zh-CN': zh } as const;

export type CustomerTemplate = keyof (typeof en)['customerMessages'];

/**
 * Customer messages are templated in the same catalogues as the screens, in the customer's language: a short SMS
 * text, and a subject and body for e-mail and the in-app inbox.
 */
export function renderCustomerMessage(template: CustomerTemplate, locale: string, params: Record<string, string | number>): { locale: Locale; sms: string; subject: string; body: string } {
  const chosen: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const t = createTranslator({ locale: chosen, messages: catalogues[chosen], namespace: 'customerMessages' });
  return { locale: chosen, sms: t(`${template}.sms`, params), subject: t(`${template}.subject`, params), body: t(`${template}.body`, params) };
}
