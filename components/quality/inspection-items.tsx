import { PinnedComment } from '@/components/qc/pinned-comment';
import { getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/card';
import { itemsOf, type Ratings, type TemplateDefinition } from '@/lib/qc/template';
import { ratingText } from './labels';

/**
 * The items of a submitted inspection: each rating with the inspector's comment and time in the recording; after a
 * resolved dispute, the rating it was changed to.
 */
export async function InspectionItems({ definition, ratings, finalRatings, disputed, caption }: { definition: TemplateDefinition; ratings: Ratings; finalRatings: Ratings | null; disputed: readonly string[]; caption: string }) {
  const [tc, t] = await Promise.all([getTranslations('qc'), getTranslations('quality')]);
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-slate-600">
        <tr>
          <th scope="col" className="py-1">{tc('item')}</th>
          <th scope="col">{tc('rating')}</th>
          <th scope="col">{tc('itemNotes')}</th>
        </tr>
      </thead>
      <tbody>
        {itemsOf(definition).map((item) => {
          const r = ratings[item.key];
          const final = finalRatings?.[item.key];
          const changed = final !== undefined && final.value !== r?.value;
          return (
            <tr key={item.key} className="border-t border-slate-100 align-top">
              <th scope="row" className="space-x-1 py-1 font-normal">
                <span>{item.title}</span>
                {item.critical && <Badge tone="red">{tc('critical')}</Badge>}
                {disputed.includes(item.key) && <Badge tone="blue">{t('disputedItem')}</Badge>}
              </th>
              <td className="py-1">
                <span className={changed ? 'text-slate-500 line-through' : undefined}>{ratingText(tc, r?.value)}</span>
                {changed && <span className="block font-medium text-emerald-800">{t('finalRating', { rating: ratingText(tc, final.value) })}</span>}
              </td>
              <td className="py-1">
                <PinnedComment rating={r} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
