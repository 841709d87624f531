'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';

// How often the page asks again whether the database is back.
const PROBE_EVERY_MS = 3000;

type Cause = 'checking' | 'database' | 'other';

/**
 * The error page of every screen. A server error's details never reach the browser, so the page asks the health
 * endpoint whether the database answers: when it does not (503: restarting, failing over), the page says so, keeps
 * asking, and shows the screen again by itself once the database is back. Any other error keeps the plain message and
 * a retry button. `data-error` names which, for people's tools and the fault check (scripts/fault-check.mjs).
 */
export default function ErrorPage({ retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations('errorPage');
  const [cause, setCause] = useState<Cause>('checking');
  const retryRef = useRef(retry);
  useEffect(() => {
    retryRef.current = retry;
  }, [retry]);

  useEffect(() => {
    let stopped = false;
    let wasDown = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const probe = async () => {
      const res = await fetch('/api/health', { cache: 'no-store' }).catch(() => null);
      if (stopped) return;
      if (res?.status === 503) {
        wasDown = true;
        setCause('database');
        timer = setTimeout(probe, PROBE_EVERY_MS);
        return;
      }
      // The database answers again: the screen is fetched and shown anew, without the person doing anything.
      if (wasDown && res?.ok) retryRef.current();
      else setCause('other');
    };
    void probe();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  if (cause === 'database') {
    return (
      <main data-error="database-unavailable" className="mx-auto max-w-lg p-10 text-center">
        <h1 className="text-2xl font-semibold">{t('databaseTitle')}</h1>
        <p className="mt-2 text-slate-600">{t('databaseBody')}</p>
        <p role="status" aria-live="polite" className="mt-6 inline-flex items-center gap-2 text-slate-700">
          <span aria-hidden="true" className="h-3 w-3 animate-spin rounded-full border-2 border-slate-400 border-t-transparent" />
          {t('databaseRetrying')}
        </p>
      </main>
    );
  }
  return (
    <main data-error={cause === 'checking' ? 'checking' : 'unexpected'} className="mx-auto max-w-lg p-10 text-center">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-2 text-slate-600">{t('body')}</p>
      <button type="button" onClick={retry} className="mt-6 rounded-md bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">
        {t('retry')}
      </button>
    </main>
  );
}
