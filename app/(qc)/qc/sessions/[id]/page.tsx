import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { listSessionCases } from '@/db/queries/cases';
import { getSessionTimeline } from '@/db/queries/service-sessions';
import { InspectionForm } from '@/components/qc/inspection-form';
import { InspectionResult } from '@/components/qc/inspection-result';
import { Timeline } from '@/components/sessions/timeline';
import { RecordingsPanel } from '@/components/recordings/recordings-panel';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { formatFen } from '@/lib/cases/approval-policy';
import { inspectionView, workspaceScorecard } from '@/lib/qc/inspection';
import type { Ratings } from '@/lib/qc/template';

/** The inspection workspace: the recording with the timeline's markers, the timeline, the session's business and the scorecard. */
export default async function InspectSession({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireScreen('/qc');
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) notFound();
  // The session with its inspection, the viewer's part in it, its assignee and the answers from the record: one statement.
  const view = await inspectionView(id, user.id);
  if (!view || view.session.status !== 'ended') notFound();
  const { session, ownSession, blind, assignee } = view;
  const casesOfSession = listSessionCases(id);
  const [t, tc, format, timeline, sessionCases, scorecard] = await Promise.all([
    getTranslations('qc'),
    getTranslations('cases'),
    getFormatter(),
    getSessionTimeline(id),
    casesOfSession,
    workspaceScorecard(view.inspection, session.channel, casesOfSession),
  ]);
  const ws = scorecard && { scorecard, autos: view.autos, inspection: view.inspection };
  const assignedToOther = assignee && assignee.id !== user.id ? assignee.name : null;
  const inspection = ws?.inspection;
  const othersDraft = inspection?.status === 'draft' && inspection.inspectorId !== user.id;
  return (
    <div className="space-y-6">
      <Link href="/qc" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('inspectTitle', { teller: session.tellerName })}</h1>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('recordings')} className="lg:col-span-2">
          <RecordingsPanel sessionId={id} timeline={timeline} />
        </Card>
        <div className="space-y-6">
          <Card title={t('sessionTimeline')}>
            <p className="mb-3 text-sm text-slate-600">
              {t(`channels.${session.channel}`)} · {session.customerName ?? '—'} {session.customerIdMasked && <span className="font-mono">{session.customerIdMasked}</span>} ·{' '}
              {format.dateTime(session.startedAt, { dateStyle: 'short', timeStyle: 'short' })}
            </p>
            <Timeline entries={timeline} />
          </Card>
          <Card title={t('sessionBusiness')}>
            {sessionCases.length === 0 ? (
              <EmptyState>{t('noBusiness')}</EmptyState>
            ) : (
              <ul aria-label={t('sessionBusiness')} className="space-y-1 text-sm">
                {sessionCases.map((c) => (
                  <li key={c.id} className="flex flex-wrap items-center gap-2">
                    <span>{tc(`types.${c.type as 'payout'}`)}</span>
                    {c.amountFen !== null && <span className="font-mono">{formatFen(c.amountFen)}</span>}
                    <Badge tone={c.state === 'completed' ? 'green' : c.state === 'rejected' ? 'red' : 'slate'}>{tc(`states.${c.state as 'draft'}`)}</Badge>
                    {c.requiredLevel > 0 && <span className="text-slate-600">{tc('approvalsOf', { approvals: c.approvals, required: c.requiredLevel })}</span>}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
        <Card title={ws ? t('scorecardVersion', { name: ws.scorecard.name, version: ws.scorecard.version }) : t('scorecard')}>
          {!ws ? (
            <p className="text-sm text-red-800">{t('noScorecard')}</p>
          ) : blind ? (
            <p className="text-sm text-slate-700">{t('calibratingBlind')}</p>
          ) : inspection?.status === 'submitted' ? (
            <InspectionResult inspection={inspection} definition={ws.scorecard.definition} />
          ) : ownSession ? (
            <p className="text-sm text-red-800">{t('ownSession')}</p>
          ) : assignedToOther ? (
            <p className="text-sm text-slate-700">{t('assignedTo', { name: assignedToOther })}</p>
          ) : othersDraft ? (
            <p className="text-sm text-slate-700">{t('othersDraft')}</p>
          ) : (
            <InspectionForm sessionId={id} definition={ws.scorecard.definition} autos={ws.autos} draft={inspection?.ratings as Ratings | undefined} comment={inspection?.comment} />
          )}
        </Card>
      </div>
    </div>
  );
}
