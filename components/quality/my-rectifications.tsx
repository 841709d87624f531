import { getTranslations } from 'next-intl/server';
import { Card, EmptyState } from '@/components/ui/card';
import type { listRectifications } from '@/lib/qc/feedback';
import { DueDate, RectificationStatus, SeverityBadge } from './labels';
import { RespondForm } from './respond-form';
import { itemOf, type Scorecards } from './scorecards';

export type Rectification = Awaited<ReturnType<typeof listRectifications>>[number];

/** The teller's rectification tasks: what to correct and by when, the answer form while it is theirs to answer. */
export async function MyRectifications({ rows, scorecards }: { rows: Rectification[]; scorecards: Scorecards }) {
  const t = await getTranslations('quality');
  return (
    <Card title={t('myRectifications')}>
      {rows.length === 0 ? (
        <EmptyState>{t('myRectificationsEmpty')}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {rows.map((r) => {
            const item = itemOf(scorecards, r, r.itemKey)?.title ?? r.itemKey;
            const waiting = r.status === 'open' || r.status === 'reopened';
            return (
              <li key={r.id} className="space-y-2 py-3">
                <h3 className="flex flex-wrap items-center gap-2 font-medium text-slate-800">
                  {item} <SeverityBadge severity={r.severity} /> <RectificationStatus status={r.status} />
                </h3>
                <p>
                  <DueDate dueDate={r.dueDate} status={r.status} />
                </p>
                <p className="whitespace-pre-line">{t('coachingNoteValue', { note: r.coachingNote })}</p>
                {r.status === 'reinspecting' && <p className="text-blue-800">{t('reinspectingTeller')}</p>}
                {r.reinspectResult && <p className={r.reinspectResult === 'passed' ? 'text-green-800' : 'text-amber-800'}>{t(`reinspectResult.${r.reinspectResult}`)}</p>}
                {r.status === 'reopened' && r.verificationNote && <p className="whitespace-pre-line text-amber-800">{t('reopenedBecause', { note: r.verificationNote })}</p>}
                {waiting ? (
                  <RespondForm rectificationId={r.id} item={`${item} · ${r.id.slice(0, 8).toUpperCase()}`} />
                ) : (
                  <>
                    {r.response && <p className="whitespace-pre-line">{t('responseValue', { text: r.response })}</p>}
                    {r.verificationNote && <p className="whitespace-pre-line">{t('verificationNoteValue', { note: r.verificationNote })}</p>}
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
