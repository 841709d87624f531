import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getSessionTimeline } from '@/db/queries/service-sessions';
import { InspectionForm } from '@/components/qc/inspection-form';
import { InspectionResult } from '@/components/qc/inspection-result';
import { RecordingsPanel } from '@/components/recordings/recordings-panel';
import { Timeline } from '@/components/sessions/timeline';
import { Card } from '@/components/ui/card';
import { scoreCalibrationAction } from '@/app/(qc)/qc/actions';
import { requireScreen } from '@/lib/auth/current-user';
import { autoAnswers } from '@/lib/qc/auto-checks';
import { roundView } from '@/lib/qc/calibration';

/**
 * Blind scoring of one session of a calibration round: the recordings with the timeline's markers, the timeline, and
 * the round's scorecard version. Only the viewer's own score is ever shown here, never another member's.
 */
export default async function CalibrationScoring({ params }: { params: Promise<{ id: string; sessionId: string }> }) {
  const user = await requireScreen('/qc');
  const { id, sessionId } = await params;
  const uuid = z.string().uuid();
  if (!uuid.safeParse(id).success || !uuid.safeParse(sessionId).success) notFound();
  const view = await roundView(id, user.id);
  const session = view?.sessions.find((s) => s.id === sessionId);
  if (!view || !session) notFound();
  const [t, tq, format, timeline, autos] = await Promise.all([getTranslations('calibration'), getTranslations('qc'), getFormatter(), getSessionTimeline(sessionId), autoAnswers(sessionId)]);
  const { round, scorecard } = view;
  const mine = view.scores.find((s) => s.sessionId === sessionId && s.inspectorId === user.id);
  const isMember = view.members.some((m) => m.id === user.id);
  const names = { teller: session.tellerName, customer: session.customerName ?? '—' };

  return (
    <div className="space-y-6">
      <Link href={`/qc/calibration/${round.id}`} className="text-sm text-brand-700 underline">
        {t('backToRound', { name: round.name })}
      </Link>
      <h1 className="text-2xl font-semibold">{t('scoreTitle', names)}</h1>
      <p className="text-sm text-slate-600">{t('scoringHelp')}</p>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={tq('recordings')} className="lg:col-span-2">
          <RecordingsPanel sessionId={sessionId} timeline={timeline} />
        </Card>
        <Card title={tq('sessionTimeline')}>
          <p className="mb-3 text-sm text-slate-600">
            {session.customerName ?? '—'} · {format.dateTime(session.startedAt, { dateStyle: 'short', timeStyle: 'short' })}
          </p>
          <Timeline entries={timeline} />
        </Card>
        <Card title={tq('scorecardVersion', { name: scorecard.name, version: scorecard.version })}>
          {mine ? (
            <div className="space-y-2">
              <p className="text-sm font-medium text-slate-800">{t('alreadyScored')}</p>
              <InspectionResult inspection={{ score: mine.score, criticalFailure: mine.criticalFailure, comment: '', ratings: mine.ratings, finalScore: null }} definition={scorecard.definition} />
            </div>
          ) : round.closedAt ? (
            <p className="text-sm text-slate-700">{t('roundClosed')}</p>
          ) : !isMember ? (
            <p className="text-sm text-slate-700">{t('notMember')}</p>
          ) : (
            <InspectionForm sessionId={sessionId} definition={scorecard.definition} autos={autos} calibration action={scoreCalibrationAction} hidden={{ roundId: round.id }} />
          )}
        </Card>
      </div>
    </div>
  );
}
