import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { CloseMonthForm, WeightsForm } from '@/components/appraisal/appraisal-forms';
import { PendingChanges } from '@/components/config/pending-changes';
import { Card, EmptyState } from '@/components/ui/card';
import { buttonClass } from '@/components/ui/button-class';
import { requireScreen } from '@/lib/auth/current-user';
import { DIMENSIONS } from '@/lib/appraisal/score';
import { currentWeights, previousMonth } from '@/lib/appraisal/service';
import { listOwnAppraisals, teamAppraisals, type ResultLine } from '@/lib/appraisal/views';
import { beijingDate } from '@/lib/calendar/working-days';
import { MONTH } from '@/lib/qc/reports';

/**
 * Monthly appraisal (月度绩效考核). A teller sees their own months; a supervisor their team's tellers for a month (the
 * previous one unless chosen), closes a finished month the job has not closed, and proposes or reviews the weights.
 */
export default async function AppraisalPage({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  const user = await requireScreen('/appraisal');
  const t = await getTranslations('appraisal');
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{user.role === 'teller' ? t('mine') : t('team')}</h1>
      <p className="text-sm text-slate-700">{t('intro')}</p>
      {user.role === 'teller' ? <OwnMonths tellerId={user.id} /> : <TeamMonths supervisorId={user.id} asked={(await searchParams).month} />}
    </div>
  );
}

async function ScoresRow({ r, name }: { r: ResultLine; name: string }) {
  const t = await getTranslations('appraisal');
  return (
    <>
      <td className="text-right font-mono font-semibold">{r.total.toFixed(2)}</td>
      {DIMENSIONS.map((d) => (
        <td key={d} className="text-right font-mono">
          {r.scores[d] ?? '—'}
        </td>
      ))}
      <td className="text-right">{r.version > 1 ? t('recalculatedVersion', { version: r.version }) : t('closedVersion')}</td>
      <td className="text-right">
        <Link className="text-brand-700 underline" href={`/appraisal/${r.staffId}/${r.month}`}>
          {t('open', { name, month: r.month })}
        </Link>
      </td>
    </>
  );
}

async function Head({ first }: { first: string }) {
  const t = await getTranslations('appraisal');
  return (
    <thead className="text-slate-600">
      <tr>
        <th scope="col" className="py-2 text-left">{first}</th>
        <th scope="col" className="text-right">{t('total')}</th>
        {DIMENSIONS.map((d) => (
          <th key={d} scope="col" className="text-right">
            {t(`dimensions.${d}`)}
          </th>
        ))}
        <th scope="col" className="text-right">{t('version')}</th>
        <th scope="col">
          <span className="sr-only">{t('details')}</span>
        </th>
      </tr>
    </thead>
  );
}

async function OwnMonths({ tellerId }: { tellerId: string }) {
  const [t, months] = await Promise.all([getTranslations('appraisal'), listOwnAppraisals(tellerId)]);
  return (
    <Card title={t('history')}>
      {months.length === 0 ? (
        <EmptyState>{t('noneYet')}</EmptyState>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">{t('history')}</caption>
          <Head first={t('month')} />
          <tbody>
            {months.map((r) => (
              <tr key={r.month} className="border-t border-slate-100">
                <th scope="row" className="py-2 text-left font-normal">{r.month}</th>
                <ScoresRow r={r} name={r.staffName} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

async function TeamMonths({ supervisorId, asked }: { supervisorId: string; asked?: string }) {
  const now = new Date();
  const month = asked && MONTH.test(asked) ? asked : previousMonth(now);
  const [t, tc, format, team, weights] = await Promise.all([getTranslations('appraisal'), getTranslations('config'), getFormatter(), teamAppraisals(supervisorId, month), currentWeights()]);
  if (!team) return <EmptyState>{t('noTeam')}</EmptyState>;
  const finished = month < beijingDate(now).slice(0, 7);
  // Closed for the month once anyone has a result; a teller without one then had no work and was not on staff in it.
  const closed = team.members.some((m) => m.result);
  return (
    <>
      <form className="flex flex-wrap items-end gap-3" aria-label={t('chooseMonth')}>
        <div>
          <label htmlFor="month" className="block text-sm font-medium text-slate-700">
            {t('month')}
          </label>
          <input id="month" name="month" type="month" defaultValue={month} className="mt-1 rounded-md border border-slate-300 px-3 py-2" />
        </div>
        <button type="submit" className={buttonClass('secondary')}>
          {t('show')}
        </button>
      </form>
      <Card title={t('teamMonth', { team: team.teamName, month })}>
        {team.members.length === 0 ? (
          <EmptyState>{t('noTellers')}</EmptyState>
        ) : (
          <table className="w-full text-sm">
            <caption className="sr-only">{t('teamMonth', { team: team.teamName, month })}</caption>
            <Head first={t('teller')} />
            <tbody>
              {team.members.map((m) => (
                <tr key={m.staffId} className="border-t border-slate-100">
                  <th scope="row" className="py-2 text-left font-normal">{m.staffName}</th>
                  {m.result ? (
                    <ScoresRow r={m.result} name={m.staffName} />
                  ) : (
                    <td colSpan={DIMENSIONS.length + 3} className="text-slate-600">
                      {closed ? t('noResult') : t('notClosed')}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="mt-4">{finished ? <CloseMonthForm month={month} closed={closed} /> : <p className="text-sm text-slate-600">{t('notOver', { month })}</p>}</div>
      </Card>
      <Card title={t('weightsTitle', { version: weights.version })}>
        <p className="mb-3 text-sm text-slate-700">
          {t('weightsCurrent', { note: weights.note, time: format.dateTime(weights.createdAt, { dateStyle: 'medium' }) })} {t('weightsHelp')} {tc('reviewHelp.appraisal_weights')}
        </p>
        <WeightsForm current={weights.weights} />
      </Card>
      <PendingChanges kind="appraisal_weights" />
    </>
  );
}
