'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { buttonClass } from '@/components/ui/button-class';

type State = { kind: 'idle' | 'busy' | 'done' | 'failed' } | { kind: 'tooLarge'; limit: number; filteredHref: string | null };

/**
 * CSV and XLSX export of one board list. The file is fetched, so a list over the export limit is answered here, in the
 * page: the limit, and a button for the narrower export the server offers (the last day of the period, or today).
 */
export function ExportButtons({ list, listName, period }: { list: string; listName: string; period?: { from: string; to: string } | null }) {
  const t = useTranslations('board.exports');
  const format = useFormatter();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const href = (f: 'csv' | 'xlsx') => `/api/board/export?${new URLSearchParams({ list, format: f, ...(period ?? {}) })}`;

  async function download(url: string) {
    setState({ kind: 'busy' });
    try {
      const res = await fetch(url, { cache: 'no-store' });
      if (res.status === 422) {
        const body = (await res.json()) as { values: { limit: number }; filteredHref: string | null };
        return setState({ kind: 'tooLarge', limit: body.values.limit, filteredHref: body.filteredHref });
      }
      if (!res.ok) return setState({ kind: 'failed' });
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
      const blob = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = blob;
      a.download = name;
      a.click();
      URL.revokeObjectURL(blob);
      setState({ kind: 'done' });
    } catch {
      setState({ kind: 'failed' });
    }
  }

  const offer = state.kind === 'tooLarge' ? state.filteredHref : null;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {(['csv', 'xlsx'] as const).map((f) => (
          <button key={f} type="button" className={buttonClass('secondary')} disabled={state.kind === 'busy'} onClick={() => void download(href(f))}>
            {t(f, { list: listName })}
          </button>
        ))}
      </div>
      <div role="status" className="text-sm">
        {state.kind === 'busy' && <span className="text-slate-600">{t('busy')}</span>}
        {state.kind === 'done' && <span className="text-emerald-700">{t('done')}</span>}
        {state.kind === 'failed' && <span className="text-red-700">{t('failed')}</span>}
        {state.kind === 'tooLarge' && <span className="text-amber-800">{t('tooLarge', { limit: format.number(state.limit) })}</span>}
      </div>
      {offer && (
        <button type="button" className={buttonClass('secondary')} onClick={() => void download(offer)}>
          {t('filtered', { list: listName, day: new URL(offer, window.location.origin).searchParams.get('to') ?? '' })}
        </button>
      )}
    </div>
  );
}
