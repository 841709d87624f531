import Link from 'next/link';
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

/** A card listing rectifications by teller and item (with its severity), then the columns given. */
async function RectificationTable({ title, empty, rows, scorecards, columns }: { title: string; empty: string; rows: Rectification[]; scorecards: Scorecards; columns: { header: string; cell: (r: Rectification) => React.ReactNode }[] }) {
  const tc = await getTranslations('qc');
  return (
    <Card title={title}>
      {rows.length === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{title}</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-2">{tc('teller')}</th>
              <th scope="col">{tc('item')}</th>
              {columns.map((c) => (
                <th key={c.header} scope="col">{c.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 align-top">
                <th scope="row" className="py-2 font-normal">{r.tellerName}</th>
                <td className="space-x-1 py-2">
                  <span>{itemOf(scorecards, r, r.itemKey)?.title ?? r.itemKey}</span> <SeverityBadge severity={r.severity} />
                </td>
                {columns.map((c) => (
                  <td key={c.header} className="py-2">{c.cell(r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

/** Rectifications past their due date and still with the teller: how overdue work surfaces to QC and supervisors. */
export async function OverdueRectifications({ rows, scorecards }: { rows: Rectification[]; scorecards: Scorecards }) {
  const t = await getTranslations('quality');
  return (
    <RectificationTable
      title={t('overdueRectifications')}
      empty={t('overdueEmpty')}
      rows={rows}
      scorecards={scorecards}
      columns={[
        { header: t('dueDateColumn'), cell: (r) => <DueDate dueDate={r.dueDate} status={r.status} withLabel={false} /> },
        { header: t('statusColumn'), cell: (r) => <RectificationStatus status={r.status} /> },
      ]}
    />
  );
}

/** Rectifications being verified by re-inspection: the teller's later session drawn for it (a link for QC, who inspect it), or still awaited. */
export async function Reinspections({ rows, scorecards, linked }: { rows: Rectification[]; scorecards: Scorecards; linked: boolean }) {
  const t = await getTranslations('quality');
  return (
    <RectificationTable
      title={t('reinspections')}
      empty={t('reinspectionsEmpty')}
      rows={rows}
      scorecards={scorecards}
      columns={[
        {
          header: t('reinspectSession'),
          cell: (r) =>
            r.reinspectSessionId && linked ? (
              <Link href={`/qc/sessions/${r.reinspectSessionId}`} className="text-brand-700 underline">
                {t('reinspectOpen', { teller: r.tellerName, ref: r.reinspectSessionId.slice(0, 8).toUpperCase() })}
              </Link>
            ) : r.reinspectSessionId ? (
              t('reinspectOpen', { teller: r.tellerName, ref: r.reinspectSessionId.slice(0, 8).toUpperCase() })
            ) : (
              t('reinspectAwaiting')
            ),
        },
      ]}
    />
  );
}
