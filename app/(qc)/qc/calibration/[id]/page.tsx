import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { CloseRoundButton } from '@/components/qc/calibration-form';
import { Badge, Card } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { roundView, type RoundView } from '@/lib/qc/calibration';
import { itemsOf } from '@/lib/qc/template';

type Format = Awaited<ReturnType<typeof getFormatter>>;
type Translate = Awaited<ReturnType<typeof getTranslations<'calibration'>>>;

/**
 * One calibration round: its scorecard, members and sessions with the viewer's own scores and where to score next;
 * once the viewer may see it (they scored every session, or the round is closed), the report: the score matrix with
 * each session's median, each inspector's deviation from it, per-item agreement and Krippendorff's alpha.
 */
export default async function CalibrationRound({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireScreen('/qc');
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) notFound();
  const view = await roundView(id, user.id);
  if (!view) notFound();
  const [t, tq, format] = await Promise.all([getTranslations('calibration'), getTranslations('qc'), getFormatter()]);
  const { round, scorecard, sessions, members } = view;
  const open = !round.closedAt;
  const isMember = members.some((m) => m.id === user.id);
  const own = (sessionId: string) => view.scores.find((s) => s.sessionId === sessionId && s.inspectorId === user.id);
  const sessionName = (s: RoundView['sessions'][number]) => t('sessionName', { teller: s.tellerName, customer: s.customerName ?? '—' });

  return (
    <div className="space-y-6">
      <Link href="/qc/calibration" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
      <h1 className="text-2xl font-semibold">{round.name}</h1>

      <Card title={t('overview')}>
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <Badge tone={open ? 'green' : 'slate'}>{t(open ? 'isOpen' : 'isClosed')}</Badge>
          <span>{tq('scorecardVersion', { name: scorecard.name, version: scorecard.version })}</span>
          <span>{t('createdOn', { time: format.dateTime(round.createdAt, { dateStyle: 'short', timeStyle: 'short' }) })}</span>
          {round.closedAt && <span>{t('closedOn', { time: format.dateTime(round.closedAt, { dateStyle: 'short', timeStyle: 'short' }) })}</span>}
        </p>
        <h3 className="mt-4 font-semibold text-slate-800">{t('membersTitle')}</h3>
        <ul aria-label={t('membersTitle')} className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {members.map((m) => (
            <li key={m.id}>
              {m.name}
              {m.id === user.id && <span className="text-slate-600"> {t('you')}</span>}
            </li>
          ))}
        </ul>
        <p className="mt-4 text-sm text-slate-600">{t('notForTellers')}</p>
        {open && round.createdBy === user.id && (
          <div className="mt-4">
            <CloseRoundButton roundId={round.id} name={round.name} />
          </div>
        )}
      </Card>

      <Card title={t('sessionsTitle')}>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('sessionsTitle')}</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-2">{t('sessionColumn')}</th>
                <th scope="col">{t('startedAt')}</th>
                <th scope="col">{t('yourScore')}</th>
                <th scope="col">
                  <span className="sr-only">{t('scoreAction')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => {
                const mine = own(s.id);
                return (
                  <tr key={s.id} className="border-t border-slate-100">
                    <th scope="row" className="py-2 font-normal">{sessionName(s)}</th>
                    <td>{format.dateTime(s.startedAt, { dateStyle: 'short', timeStyle: 'short' })}</td>
                    <td>
                      {mine ? (
                        <span className="inline-flex items-center gap-1">
                          {tq('scoreValue', { score: mine.score })}
                          {mine.criticalFailure && <Badge tone="red">{tq('criticalFailure')}</Badge>}
                        </span>
                      ) : (
                        <span className="text-slate-600">{isMember ? t('notScored') : '—'}</span>
                      )}
                    </td>
                    <td className="py-2 text-right">
                      {isMember && open && !mine && (
                        <Link href={`/qc/calibration/${round.id}/sessions/${s.id}`} className="text-brand-700 underline">
                          {t('scoreLink', { teller: s.tellerName, customer: s.customerName ?? '—' })}
                        </Link>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>

      {view.reportVisible && view.report ? <Report view={view} report={view.report} t={t} format={format} sessionName={sessionName} /> : <p className="text-sm text-slate-700">{t('reportHidden')}</p>}
    </div>
  );
}

type ReportData = NonNullable<RoundView['report']>;

function Report({ view, report, t, format, sessionName }: { view: RoundView; report: ReportData; t: Translate; format: Format; sessionName: (s: RoundView['sessions'][number]) => string }) {
  const score = (sessionId: string, inspectorId: string) => view.scores.find((s) => s.sessionId === sessionId && s.inspectorId === inspectorId);
  const points = (n: number) => t('pointsValue', { value: format.number(n, { maximumFractionDigits: 1 }) });
  const items = itemsOf(view.scorecard.definition).filter((i) => report.agreement[i.key] !== undefined);
  const scored = view.members.filter((m) => report.deviations[m.id] !== undefined);
  return (
    <Card title={t('report')}>
      <div className="space-y-6">
        <section aria-labelledby="calibration-alpha">
          <h3 id="calibration-alpha" className="font-semibold text-slate-800">
            {t('alphaTitle')}
          </h3>
          <p className="mt-1 text-sm">
            {t('alphaName')} = <span className="font-mono text-base font-semibold">{report.alpha === null ? '—' : format.number(report.alpha, { minimumFractionDigits: 3, maximumFractionDigits: 3 })}</span>
            {report.alpha === null && <span className="text-slate-600"> {t('alphaUnavailable')}</span>}
          </p>
          <p className="mt-1 text-xs text-slate-600">{t('alphaMeaning')}</p>
        </section>

        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="mb-2 text-left font-semibold text-slate-800">{t('matrix')}</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-2">{t('sessionColumn')}</th>
                {view.members.map((m) => (
                  <th key={m.id} scope="col" className="text-right">
                    {m.name}
                  </th>
                ))}
                <th scope="col" className="pl-4 text-right">{t('median')}</th>
              </tr>
            </thead>
            <tbody>
              {view.sessions.map((s) => (
                <tr key={s.id} className="border-t border-slate-100">
                  <th scope="row" className="py-2 font-normal">{sessionName(s)}</th>
                  {view.members.map((m) => {
                    const x = score(s.id, m.id);
                    return (
                      <td key={m.id} className="text-right font-mono">
                        {x ? x.score : '—'}
                        {x?.criticalFailure && <span className="sr-only"> {t('critical')}</span>}
                        {x?.criticalFailure && <span aria-hidden="true" className="text-red-700">!</span>}
                      </td>
                    );
                  })}
                  <td className="pl-4 text-right font-mono font-semibold">{report.medians[s.id] === undefined ? '—' : format.number(report.medians[s.id]!, { maximumFractionDigits: 1 })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <div className="grid gap-6 lg:grid-cols-2">
          <div>
            <table className="w-full text-left text-sm">
              <caption className="mb-1 text-left font-semibold text-slate-800">{t('deviations')}</caption>
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-2">{t('inspector')}</th>
                  <th scope="col" className="text-right">{t('meanDeviation')}</th>
                </tr>
              </thead>
              <tbody>
                {scored.map((m) => (
                  <tr key={m.id} className="border-t border-slate-100">
                    <th scope="row" className="py-2 font-normal">{m.name}</th>
                    <td className="text-right font-mono">{points(report.deviations[m.id]!)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2 text-xs text-slate-600">{t('deviationHelp')}</p>
          </div>

          <div>
            <table className="w-full text-left text-sm">
              <caption className="mb-1 text-left font-semibold text-slate-800">{t('agreement')}</caption>
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-2">{t('item')}</th>
                  <th scope="col" className="text-right">{t('agreementRate')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.key} className="border-t border-slate-100">
                    <th scope="row" className="py-2 font-normal">{i.title}</th>
                    <td className="text-right font-mono">{format.number(report.agreement[i.key]!, { style: 'percent', maximumFractionDigits: 0 })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2 text-xs text-slate-600">{t('agreementHelp')}</p>
          </div>
        </div>
      </div>
    </Card>
  );
}
