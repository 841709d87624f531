import { PinnedComment } from '@/components/qc/pinned-comment';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { listOpenDisputes } from '@/lib/qc/feedback';
import type { PublishedScorecard } from '@/lib/qc/scorecards';
import { itemsOf, type Ratings, type TemplateItem } from '@/lib/qc/template';
import { ratingText } from './labels';
import { ResolveForm } from './resolve-form';

export type OpenDisputeRow = Awaited<ReturnType<typeof listOpenDisputes>>[number];

/**
 * An open dispute as the resolver needs it: the disputed items with their rating and the inspector's comment, the
 * teller's explanation, and the resolution form — unless the viewer scored the inspection themselves.
 */
export async function OpenDispute({ dispute: d, scorecard, viewerId }: { dispute: OpenDisputeRow; scorecard: PublishedScorecard | undefined; viewerId: string }) {
  const [t, tc, format] = await Promise.all([getTranslations('quality'), getTranslations('qc'), getFormatter()]);
  const date = format.dateTime(d.createdAt, { dateStyle: 'medium', timeStyle: 'short' });
  const subject = `${t('disputeOf', { teller: d.tellerName, date })} · ${d.id.slice(0, 8).toUpperCase()}`;
  const ratings = d.ratings as Ratings;
  const all = scorecard ? itemsOf(scorecard.definition) : [];
  const items = d.items.map((key) => all.find((i) => i.key === key)).filter((i): i is TemplateItem => i !== undefined);
  return (
    <article aria-label={subject} className="space-y-3 border-t border-slate-100 pt-4 text-sm first:border-t-0 first:pt-0">
      <h3 className="font-semibold text-slate-800">{subject}</h3>
      <p className="text-slate-600">
        {t('disputeMeta', { inspector: d.inspectorName, score: d.scoreBefore })}
        {scorecard && <span> · {tc('scorecardVersion', { name: scorecard.name, version: scorecard.version })}</span>}
      </p>
      <table className="w-full text-left">
        <caption className="sr-only">{t('disputedItemsOf', { subject })}</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-1">{tc('item')}</th>
            <th scope="col">{t('currentRating')}</th>
            <th scope="col">{t('inspectorComment')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const r = ratings[item.key];
            return (
              <tr key={item.key} className="border-t border-slate-100 align-top">
                <th scope="row" className="py-1 font-normal">{item.title}</th>
                <td className="py-1">{ratingText(tc, r?.value)}</td>
                <td className="py-1">
                  <PinnedComment rating={r} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div>
        <h4 className="font-medium text-slate-700">{t('tellerExplanation')}</h4>
        <p className="whitespace-pre-line">{d.explanation}</p>
      </div>
      {d.inspectorId === viewerId ? (
        <p className="rounded-md bg-amber-50 p-3 text-amber-900">{t('ownInspection')}</p>
      ) : (
        <ResolveForm disputeId={d.id} subject={subject} items={items.map((i) => ({ key: i.key, title: i.title, scale: i.scale, allowNa: i.allowNa, current: ratings[i.key]?.value === undefined ? undefined : String(ratings[i.key]?.value) }))} />
      )}
    </article>
  );
}
