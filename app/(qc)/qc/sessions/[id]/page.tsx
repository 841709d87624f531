import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getInspection, tookPartInSession } from '@/db/queries/inspections';
import { getSessionSummary, getSessionTimeline } from '@/db/queries/service-sessions';
import { InspectionForm } from '@/components/qc/inspection-form';
import { Timeline } from '@/components/sessions/timeline';
import { RecordingsPanel } from '@/components/recordings/recordings-panel';
import { Badge, Card } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';

export default async function InspectSession({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireScreen('/qc');
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) notFound();
  const session = await getSessionSummary(id);
  if (!session || session.status !== 'ended') notFound();
  const [t, format, timeline, inspection, ownSession] = await Promise.all([
    getTranslations('qc'),
    getFormatter(),
    getSessionTimeline(id),
    getInspection(id),
    tookPartInSession(id, user.id),
  ]);
  return (
    <div className="space-y-6">
      <Link href="/qc" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('inspectTitle', { teller: session.tellerName })}</h1>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('sessionTimeline')}>
          <p className="mb-3 text-sm text-slate-600">
            {t(`channels.${session.channel}`)} · {session.customerName ?? '—'} {session.customerIdMasked && <span className="font-mono">{session.customerIdMasked}</span>} ·{' '}
            {format.dateTime(session.startedAt, { dateStyle: 'short', timeStyle: 'short' })}
          </p>
          <Timeline entries={timeline} />
        </Card>
        <Card title={t('recordings')} className="lg:col-span-2">
          <RecordingsPanel sessionId={id} timeline={timeline} />
        </Card>
        <Card title={t('scorecard')}>
          {inspection ? (
            <div className="space-y-2 text-sm">
              <Badge tone="green">{t('scoreValue', { score: inspection.score })}</Badge>
              <p>{t('inspectedBy', { name: inspection.inspectorName })}</p>
              {inspection.comment && <p>{inspection.comment}</p>}
            </div>
          ) : ownSession ? (
            <p className="text-sm text-red-800">{t('ownSession')}</p>
          ) : (
            <InspectionForm sessionId={id} />
          )}
        </Card>
      </div>
    </div>
  );
}
