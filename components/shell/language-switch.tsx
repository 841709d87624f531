'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { LOCALE_COOKIE, LOCALES } from '@/i18n/locales';

export function LanguageSwitch({ tone = 'dark' }: { tone?: 'dark' | 'light' }) {
  const t = useTranslations('language');
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div role="group" aria-label={t('label')} className="flex gap-1">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === locale}
          disabled={pending}
          onClick={() => {
            document.cookie = `${LOCALE_COOKIE}=${l}; path=/; max-age=31536000; samesite=lax`;
            startTransition(() => router.refresh());
          }}
          className={`whitespace-nowrap rounded px-2 py-1 text-sm hover:underline aria-pressed:font-semibold ${
            tone === 'dark' ? 'aria-pressed:bg-white aria-pressed:text-brand-900' : 'text-slate-800 aria-pressed:bg-brand-900 aria-pressed:text-white'
          }`}
        >
          {t(`names.${l}`)}
        </button>
      ))}
    </div>
  );
}
