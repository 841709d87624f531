import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge, Card } from '@/components/ui/card';
import type { listTellerInspections } from '@/lib/qc/feedback';
import type { PublishedScorecard } from '@/lib/qc/scorecards';
import { itemsOf, type Ratings } from '@/lib/qc/template';
import { AcknowledgeForm } from './acknowledge-form';
import { DisputeForm } from './dispute-form';
import { InspectionItems } from './inspection-items';

export type TellerInspection = Awaited<ReturnType<typeof listTellerInspections>>[number];

/**
 * One inspection of the teller's session, as the teller sees it: the score (and the score after a dispute), the items
 * and comments, the acknowledgement, and the dispute — the form while its window is open, its outcome once filed.
 */
export async function InspectionCard({ inspection: i, scorecard, disputeOpen }: { inspection: TellerInspection; scorecard: PublishedScorecard | undefined; disputeOpen: boolean }) {
  const [tc, t, format] = await Promise.all([getTranslations('qc'), getTranslations('quality'), getFormatter()]);
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const date = when(i.startedAt);
  // A reference makes each form's name unique, even for sessions started in the same minute.
  const subject = `${t('inspectionOf', { date })} · ${i.id.slice(0, 8).toUpperCase()}`;
  const reviewed = i.finalScore !== null;
  const critical = reviewed ? i.finalCriticalFailure : i.criticalFailure;
  return (
    <Card title={t('inspectionTitle', { channel: tc(`channels.${i.channel}`), date })}>
      <div className="space-y-3 text-sm">
        <p className="text-slate-600">
          {t('inspectedBy', { name: i.inspectorName, time: i.submittedAt ? when(i.submittedAt) : '—' })}
          {scorecard && <span> · {tc('scorecardVersion', { name: scorecard.name, version: scorecard.version })}</span>}
        </p>
        <p className="flex flex-wrap items-center gap-2">
          <Badge tone={critical ? 'red' : 'green'}>{reviewed ? t('scoreChanged', { before: i.score ?? 0, after: i.finalScore ?? 0 }) : tc('scoreValue', { score: i.score ?? 0 })}</Badge>
          {critical && <Badge tone="red">{tc('criticalFailure')}</Badge>}
        </p>
        {scorecard && (
          <InspectionItems
            definition={scorecard.definition}
            ratings={i.ratings as Ratings}
            finalRatings={i.finalRatings as Ratings | null}
            disputed={i.disputeItems ?? []}
            caption={t('itemsOf', { subject })}
          />
        )}
        {i.comment && (
          <div>
            <h3 className="font-medium text-slate-700">{tc('comment')}</h3>
            <p className="whitespace-pre-line">{i.comment}</p>
          </div>
        )}
        <div className="border-t border-slate-100 pt-3">
          {i.acknowledgedAt ? (
            <p className="text-emerald-800">{t('acknowledgedOn', { time: when(i.acknowledgedAt) })}</p>
          ) : (
            <AcknowledgeForm inspectionId={i.id} subject={subject} />
          )}
        </div>
        {i.disputeStatus ? (
          <DisputeOutcome inspection={i} status={i.disputeStatus} scorecard={scorecard} />
        ) : disputeOpen && scorecard && i.disputeUntil ? (
          <details className="border-t border-slate-100 pt-3">
            <summary className="cursor-pointer font-medium text-brand-700">{t('disputeOpen', { time: when(i.disputeUntil) })}</summary>
            <DisputeForm
              inspectionId={i.id}
              subject={subject}
              deadline={t('disputeDeadline', { time: when(i.disputeUntil) })}
              items={itemsOf(scorecard.definition).map((item) => ({ key: item.key, title: item.title }))}
            />
          </details>
        ) : (
          i.disputeUntil && <p className="text-slate-600">{t('disputeClosed', { time: when(i.disputeUntil) })}</p>
        )}
      </div>
    </Card>
  );
}

/** The dispute the teller filed: its status, items and explanation, and the resolution note once resolved. */
async function DisputeOutcome({ inspection: i, status, scorecard }: { inspection: TellerInspection; status: NonNullable<TellerInspection['disputeStatus']>; scorecard: PublishedScorecard | undefined }) {
  const [t, format] = await Promise.all([getTranslations('quality'), getFormatter()]);
  const titles = (i.disputeItems ?? []).map((key) => (scorecard && itemsOf(scorecard.definition).find((x) => x.key === key)?.title) || key);
  return (
    <div className="space-y-1 border-t border-slate-100 pt-3">
      <h3 className="flex flex-wrap items-center gap-2 font-medium text-slate-700">
        {t('myDispute')}
        <Badge tone={status === 'open' ? 'blue' : status === 'rejected' ? 'slate' : 'green'}>{t(`disputeStatus.${status}`)}</Badge>
      </h3>
      <p>{t('disputedItems', { items: format.list(titles) })}</p>
      <p className="whitespace-pre-line">{t('explanationValue', { text: i.disputeExplanation ?? '' })}</p>
      {i.disputeNote && <p className="whitespace-pre-line">{t('resolutionNoteValue', { note: i.disputeNote })}</p>}
    </div>
  );
}
