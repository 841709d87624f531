import { getFormatter, getTranslations } from 'next-intl/server';
import type { TimelineEntry } from '@/db/queries/service-sessions';

export async function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const [t, tc, format] = await Promise.all([getTranslations('timeline'), getTranslations('cases'), getFormatter()]);
  return (
    <ol aria-label={t('label')} className="space-y-2 border-l-2 border-slate-200 pl-4 text-sm">
      {entries.map((e) => (
        <li key={e.id}>
          <time className="text-slate-600" dateTime={e.at.toISOString()}>
            {format.dateTime(e.at, { timeStyle: 'medium' })}
          </time>{' '}
          <span className="font-medium">{t.has(`kinds.${e.kind}`) ? t(`kinds.${e.kind}`) : e.kind}</span>
          {e.kind.startsWith('case.') && e.data.type != null && <span>：{tc(`types.${String(e.data.type) as 'payout'}`)}</span>}
          {e.data.result != null && <span> — {t(`results.${String(e.data.result)}`)}</span>}
          {e.data.outcome != null && <span> — {t(`outcomes.${String(e.data.outcome)}`)}</span>}
          {e.kind === 'session.ended' && <span> · {e.data.satisfaction != null ? t('satisfaction', { n: Number(e.data.satisfaction) }) : t('declined')}</span>}
          {e.data.to != null && <span> → {String(e.data.to)}</span>}
          {e.data.note != null && <span>：{String(e.data.note)}</span>}
          {e.data.reason != null && <span> — {t.has(`closeReasons.${String(e.data.reason)}`) ? t(`closeReasons.${String(e.data.reason)}`) : String(e.data.reason)}</span>}
          {e.actorName && <span className="text-slate-600"> · {e.actorName}</span>}
        </li>
      ))}
    </ol>
  );
}
