import { getFormatter, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { BUSINESS_TYPES } from '@/lib/cases/approval-policy';
import { currentChecklistPublished } from '@/lib/cases/case-core';
import { CUSTOMER_TYPES, requiredDocuments } from '@/lib/documents/checklist';

/**
 * The published document checklist (资料清单公示): what each business needs from each kind of customer, in the
 * version in force — the list the regulations require tellers to be able to show.
 */
export default async function Checklists() {
  await requireScreen('/checklists');
  const [t, tc, format, { version, config, publishedAt }] = await Promise.all([getTranslations('documents'), getTranslations('cases'), getFormatter(), currentChecklistPublished()]);
  const listed = BUSINESS_TYPES.filter((b) => CUSTOMER_TYPES.some((c) => requiredDocuments(config, b, c).length > 0));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('checklistTitle')}</h1>
      <p className="text-sm text-slate-600">{t('publishedHelp', { version, date: format.dateTime(publishedAt, { dateStyle: 'long' }) })}</p>
      <div className="grid gap-6 lg:grid-cols-2">
        {listed.map((b) => (
          <Card key={b} title={tc(`types.${b as 'open_account'}`)}>
            <dl className="space-y-2 text-sm">
              {CUSTOMER_TYPES.map((c) => (
                <div key={c}>
                  <dt className="font-medium">{t(`customerTypes.${c}`)}</dt>
                  <dd>
                    {requiredDocuments(config, b, c).length === 0 ? (
                      <span className="text-slate-600">{t('noneRequired')}</span>
                    ) : (
                      <ul className="list-inside list-disc">
                        {requiredDocuments(config, b, c).map((k) => (
                          <li key={k}>{t(`kinds.${k}`)}</li>
                        ))}
                      </ul>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </Card>
        ))}
      </div>
      <p className="text-sm text-slate-600">{t('otherBusiness')}</p>
    </div>
  );
}
