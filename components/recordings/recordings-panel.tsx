import { getFormatter, getTranslations } from 'next-intl/server';
import { listSessionRecordings } from '@/db/queries/recordings';
import type { TimelineEntry } from '@/db/queries/service-sessions';
import { EmptyState } from '@/components/ui/card';
import { markersFor } from '@/lib/recordings/markers';
import { RecordingPlayer } from './recording-player';

/** A session's recordings, each playable with the timeline's events as markers. Callers have checked access. */
export async function RecordingsPanel({ sessionId, timeline }: { sessionId: string; timeline: TimelineEntry[] }) {
  const [t, kinds, format, recordings] = await Promise.all([getTranslations('recordings'), getTranslations('timeline'), getFormatter(), listSessionRecordings(sessionId)]);
  if (recordings.length === 0) return <EmptyState>{t('none')}</EmptyState>;
  const label = (kind: string) => (kinds.has(`kinds.${kind}`) ? kinds(`kinds.${kind}`) : kind);
  return (
    <ul className="space-y-5">
      {recordings.map((r, i) => {
        const title = t('title', { n: i + 1 });
        return (
          <li key={r.id} className="space-y-1">
            <p className="text-sm font-medium">{title}</p>
            <p className="text-xs text-slate-600">
              {t('meta', { source: t(`sources.${r.source}`), size: format.number(r.size / 1024, { maximumFractionDigits: 0 }), time: format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'short' }) })}{' '}
              <span className="font-mono" title={t('sha256')}>SHA-256 {r.sha256.slice(0, 12)}…</span>
            </p>
            <RecordingPlayer
              id={r.id}
              kind={r.kind === 'video' ? 'video' : 'audio'}
              title={title}
              markers={markersFor(timeline, r.startedAt).map((m) => ({ id: m.id, offset: m.offset, label: label(m.kind) }))}
            />
          </li>
        );
      })}
    </ul>
  );
}
