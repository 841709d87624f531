import Link from 'next/link';
import { forbidden, notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { RecalculateForm } from '@/components/appraisal/appraisal-forms';
import { AppraisalSheet } from '@/components/appraisal/appraisal-sheet';
import { PrintButton } from '@/components/appraisal/print-button';
import { Card, EmptyState } from '@/components/ui/card';
import { DomainError } from '@/lib/actions/result';
import { getPersonMonth } from '@/lib/appraisal/views';
import { auditDeniedView, requireScreen } from '@/lib/auth/current-user';
import { MONTH } from '@/lib/qc/reports';

// Printed (or saved as PDF), the page is the appraisal alone: no shell, no forms, no links.
const PRINT_CSS = `@media print {
  a[href="#main"], header, nav { display: none !important; }
  main { max-width: none !important; padding: 0 !important; }
  section { box-shadow: none !important; border-color: #cbd5e1 !important; break-inside: avoid; }
}`;

/**
 * One person's appraisal month, printable (考核表): the standing version's sheet, then its history (the month as closed
 * and each recalculation with who and why). A teller may open only their own; a supervisor their team's tellers.
 */
export default async function AppraisalMonth({ params }: { params: Promise<{ staffId: string; month: string }> }) {
  const user = await requireScreen('/appraisal');
  const { staffId, month } = await params;
  if (!z.string().uuid().safeParse(staffId).success || !MONTH.test(month)) notFound();
  let person: Awaited<ReturnType<typeof getPersonMonth>>;
  try {
    person = await getPersonMonth(user, staffId, month);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    await auditDeniedView(user.id, user.role, 'appraisal', `${staffId}/${month}`);
    forbidden();
  }
  const [t, format] = await Promise.all([getTranslations('appraisal'), getFormatter()]);
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const current = person?.versions[0];
  return (
    <div className="space-y-6">
      <style>{PRINT_CSS}</style>
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link href="/appraisal" className="text-sm text-brand-700 underline">
          {t('back')}
        </Link>
        {current && <PrintButton />}
      </div>
      <h1 className="text-2xl font-semibold">{t('sheetTitle', { name: person?.staffName ?? '', month })}</h1>
      {!person || !current ? (
        <EmptyState>{t('notClosedYet', { month })}</EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-700">
            {person.teamName ? `${t('teamName', { team: person.teamName })} · ` : ''}
            {current.version === 1
              ? t('closedOn', { time: when(current.computedAt), weights: current.weightsVersion })
              : t('recalculatedOn', { version: current.version, time: when(current.computedAt), name: current.computedByName ?? '', weights: current.weightsVersion })}
          </p>
          <Card title={t('sheet')}>
            <AppraisalSheet v={current} />
          </Card>
          {person.versions.length > 1 && (
            <Card title={t('versions')}>
              <ol className="space-y-2 text-sm">
                {person.versions.map((v) => (
                  <li key={v.version}>
                    <span className="font-medium">{t('versionLine', { version: v.version, total: v.total.toFixed(2), time: when(v.computedAt) })}</span>{' '}
                    {v.version === 1 ? t('byJob') : t('byWhom', { name: v.computedByName ?? '', reason: v.reason ?? '' })}
                  </li>
                ))}
              </ol>
            </Card>
          )}
          {user.role === 'supervisor' && (
            <div className="print:hidden">
              <Card title={t('recalculateTitle')}>
                <p className="mb-3 text-sm text-slate-700">{t('recalculateHelp')}</p>
                <RecalculateForm staffId={staffId} month={month} name={person.staffName} />
              </Card>
            </div>
          )}
        </>
      )}
    </div>
  );
}
