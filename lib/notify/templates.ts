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
export type CustomerParams = Record<string, string | number> | ((t: (key: string) => string) => Record<string, string | number>);

/**
 * The catalogue's customer wording in one language (document kinds, reasons...), for parameters that are themselves
 * words: a supplement request lists what is needed in the customer's language.
 */
export function customerWords(locale: Locale): (key: string) => string {
  const t = createTranslator({ locale, messages: catalogues[locale], namespace: 'customerWords' });
  return (key) => t(key as never);
}

export function renderCustomerMessage(template: CustomerTemplate, locale: string, input: CustomerParams): { locale: Locale; sms: string; subject: string; body: string } {
  const chosen: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const params = typeof input === 'function' ? input(customerWords(chosen)) : input;
  const t = createTranslator({ locale: chosen, messages: catalogues[chosen], namespace: 'customerMessages' });
  return { locale: chosen, sms: t(`${template}.sms`, params), subject: t(`${template}.subject`, params), body: t(`${template}.body`, params) };
}
