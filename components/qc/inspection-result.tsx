import { getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/card';
import { PinnedComment } from './pinned-comment';
import type { Inspection } from '@/db/schema';
import { itemsOf, type Ratings, type TemplateDefinition } from '@/lib/qc/template';

/** A submitted inspection: the score (0 on a critical failure), and each item's rating with its comment and time. */
export async function InspectionResult({ inspection, definition }: { inspection: Pick<Inspection, 'score' | 'criticalFailure' | 'comment' | 'ratings' | 'finalScore'>; definition: TemplateDefinition }) {
  const t = await getTranslations('qc');
  const ratings = inspection.ratings as Ratings;
  return (
    <div className="space-y-3 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <Badge tone={inspection.criticalFailure ? 'red' : 'green'}>{t('scoreValue', { score: inspection.score ?? 0 })}</Badge>
        {inspection.criticalFailure && <Badge tone="red">{t('criticalFailure')}</Badge>}
        {inspection.finalScore !== null && <Badge tone="blue">{t('finalScoreValue', { score: inspection.finalScore, original: inspection.score ?? 0 })}</Badge>}
      </p>
      <table className="w-full text-left">
        <caption className="sr-only">{t('scorecard')}</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-1">{t('item')}</th>
            <th scope="col">{t('rating')}</th>
            <th scope="col">{t('itemNotes')}</th>
          </tr>
        </thead>
        <tbody>
          {itemsOf(definition).map((item) => {
            const r = ratings[item.key];
            const value = r?.value === undefined ? '—' : typeof r.value === 'number' ? t('points', { n: r.value }) : t(`answers.${r.value}`);
            return (
              <tr key={item.key} className="border-t border-slate-100 align-top">
                <th scope="row" className="py-1 font-normal">
                  {item.title} {item.critical && <Badge tone="red">{t('critical')}</Badge>}
                </th>
                <td>
                  {value} {r?.fromRecord && <span className="text-xs text-slate-600">· {t('keptFromRecord')}</span>}
                </td>
                <td>
                  <PinnedComment rating={r} />
                  {r?.overrideReason && <span className="block text-xs text-slate-600">{t('overriddenBecause', { reason: r.overrideReason })}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {inspection.comment && <p>{inspection.comment}</p>}
    </div>
  );
}
