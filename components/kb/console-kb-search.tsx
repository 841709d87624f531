'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import type { SearchHit } from '@/lib/kb/service';
import { buttonClass } from '@/components/ui/button-class';
import { Highlighted } from './highlighted';

type Answer = { q: string; hits: SearchHit[] } | 'failed' | null;

/**
 * The console's knowledge search: asks the data route (published articles only, ranked, hits marked) without
 * reloading the console, and lists the best five; each opens in a new tab.
 */
export function ConsoleKbSearch() {
  const t = useTranslations('kb');
  const [q, setQ] = useState('');
  const [answer, setAnswer] = useState<Answer>(null);
  const [busy, setBusy] = useState(false);

  async function search(event: React.FormEvent) {
    event.preventDefault();
    const query = q.trim();
    if (!query) return;
    setBusy(true);
    const res = await fetch(`/api/kb/search?${new URLSearchParams({ q: query })}`).catch(() => null);
    setAnswer(res?.ok ? { q: query, hits: ((await res.json()) as { hits: SearchHit[] }).hits } : 'failed');
    setBusy(false);
  }

  return (
    <div>
      <form role="search" aria-label={t('consoleSearch')} onSubmit={search} className="flex items-end gap-2">
        <label className="block flex-1 text-sm font-medium text-slate-700">
          {t('consoleQuery')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} maxLength={100} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm" />
        </label>
        <button type="submit" disabled={busy} aria-disabled={busy} className={buttonClass('secondary')}>
          {t('search')}
        </button>
      </form>
      <p role="status" aria-live="polite" className="mt-2 text-sm text-slate-700">
        {answer === 'failed' ? t('searchFailed') : answer ? (answer.hits.length ? t('consoleFound', { count: answer.hits.length }) : t('noResults')) : ''}
      </p>
      {answer && answer !== 'failed' && answer.hits.length > 0 && (
        <ol aria-label={t('consoleResults')} className="mt-2 space-y-3 text-sm">
          {answer.hits.map((h) => (
            <li key={h.articleId}>
              <a href={`/kb/articles/${h.articleId}`} target="_blank" rel="noopener" className="font-medium text-brand-700 underline">
                <Highlighted segments={h.title} />
                <span className="sr-only">{t('newTab')}</span>
              </a>
              <p className="text-slate-700">
                <Highlighted segments={h.snippet} />
              </p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
