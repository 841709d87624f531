import { getTranslations } from 'next-intl/server';
import { Card, EmptyState } from '@/components/ui/card';
import { DueDate, RectificationStatus, SeverityBadge } from './labels';
import type { Rectification } from './my-rectifications';
import { itemOf, type Scorecards } from './scorecards';
import { VerifyForm } from './verify-form';

/** Answered rectifications waiting for a QC member: what was asked, what the teller did, the verify form. */
export async function RectificationsToVerify({ rows, scorecards }: { rows: Rectification[]; scorecards: Scorecards }) {
  const t = await getTranslations('quality');
  return (
    <Card title={t('toVerify')}>
      {rows.length === 0 ? (
        <EmptyState>{t('toVerifyEmpty')}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {rows.map((r) => {
            const subject = `${t('rectificationOf', { teller: r.tellerName, item: itemOf(scorecards, r, r.itemKey)?.title ?? r.itemKey })} · ${r.id.slice(0, 8).toUpperCase()}`;
            return (
              <li key={r.id} className="space-y-2 py-3">
                <h3 className="flex flex-wrap items-center gap-2 font-medium text-slate-800">
                  {subject} <SeverityBadge severity={r.severity} />
                </h3>
                <p>
                  <DueDate dueDate={r.dueDate} status={r.status} />
                </p>
                <p className="whitespace-pre-line">{t('coachingNoteValue', { note: r.coachingNote })}</p>
                <p className="whitespace-pre-line">{t('tellerResponseValue', { text: r.response ?? '' })}</p>
                <VerifyForm rectificationId={r.id} subject={subject} />
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

/** Rectifications past their due date and still with the teller: how overdue work surfaces to QC and supervisors. */
export async function OverdueRectifications({ rows, scorecards }: { rows: Rectification[]; scorecards: Scorecards }) {
  const [t, tc] = await Promise.all([getTranslations('quality'), getTranslations('qc')]);
  return (
    <Card title={t('overdueRectifications')}>
      {rows.length === 0 ? (
        <EmptyState>{t('overdueEmpty')}</EmptyState>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t('overdueRectifications')}</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-2">{tc('teller')}</th>
              <th scope="col">{tc('item')}</th>
              <th scope="col">{t('dueDateColumn')}</th>
              <th scope="col">{t('statusColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 align-top">
                <th scope="row" className="py-2 font-normal">{r.tellerName}</th>
                <td className="space-x-1 py-2">
                  <span>{itemOf(scorecards, r, r.itemKey)?.title ?? r.itemKey}</span> <SeverityBadge severity={r.severity} />
                </td>
                <td className="py-2">
                  <DueDate dueDate={r.dueDate} status={r.status} withLabel={false} />
                </td>
                <td className="py-2">
                  <RectificationStatus status={r.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
