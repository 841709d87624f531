import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { activeInspectors, recentEndedSessions } from '@/db/queries/inspections';
import { CalibrationForm } from '@/components/qc/calibration-form';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { listRounds } from '@/lib/qc/calibration';
import { currentScorecards } from '@/lib/qc/scorecards';

/**
 * Calibration (质检校准): the rounds, each linking to its report, and a form to open a round. Several inspectors score
 * the same sessions blind; the rounds report how far they agree. Calibration scores never count for tellers.
 */
export default async function CalibrationScreen() {
  const user = await requireScreen('/qc');
  const [t, format, rounds, scorecards, sessions, inspectors] = await Promise.all([
    getTranslations('calibration'),
    getFormatter(),
    listRounds(),
    currentScorecards(),
    recentEndedSessions(),
    activeInspectors(),
  ]);
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' }) : '');
  // The general scorecard (no channel or business named) first, as most sessions are scored on it.
  const general = scorecards.find((s) => s.channels.length === 0 && s.businesses.length === 0) ?? scorecards[0];

  return (
    <div className="space-y-6">
      <Link href="/qc" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <div className="space-y-1 text-sm text-slate-600">
        <p>{t('intro')}</p>
        <p>{t('blindHelp')}</p>
        <p>{t('statisticHelp')}</p>
      </div>

      <Card title={t('rounds')}>
        {rounds.length === 0 ? (
          <EmptyState>{t('roundsEmpty')}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t('rounds')}</caption>
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-2">{t('name')}</th>
                  <th scope="col">{t('creator')}</th>
                  <th scope="col">{t('createdAt')}</th>
                  <th scope="col" className="text-right">{t('sessionCount')}</th>
                  <th scope="col" className="text-right">{t('memberCount')}</th>
                  <th scope="col" className="text-right">{t('scoreCount')}</th>
                  <th scope="col" className="pl-4">{t('status')}</th>
                </tr>
              </thead>
              <tbody>
                {rounds.map((r) => (
                  <tr key={r.id} className="border-t border-slate-100">
                    <th scope="row" className="py-2 font-normal">
                      <Link href={`/qc/calibration/${r.id}`} className="text-brand-700 underline">
                        {r.name}
                      </Link>
                    </th>
                    <td>{r.creatorName}</td>
                    <td>{when(r.createdAt)}</td>
                    <td className="text-right">{r.sessions}</td>
                    <td className="text-right">{r.members}</td>
                    <td className="text-right">{r.scores}</td>
                    <td className="pl-4">
                      <Badge tone={r.closedAt ? 'slate' : 'green'}>{t(r.closedAt ? 'isClosed' : 'isOpen')}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title={t('newRound')}>
        <CalibrationForm
          scorecards={scorecards.map((s) => ({ id: s.templateId, label: t('scorecardOption', { name: s.name, version: s.version }) }))}
          defaultTemplateId={general?.templateId}
          sessions={sessions.map((s) => ({ id: s.id, label: t('sessionOption', { teller: s.tellerName, customer: s.customerName ?? '—', time: when(s.endedAt) }) }))}
          inspectors={inspectors.map((m) => ({ id: m.id, label: m.name }))}
          viewerId={user.id}
        />
      </Card>
    </div>
  );
}
