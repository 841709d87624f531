import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { getCustomer } from '@/db/queries/customers';
import { getSessionTimeline } from '@/db/queries/service-sessions';
import { listTransferTargets } from '@/db/queries/staff';
import { RevealField } from '@/components/approvals/reveal-field';
import { RecordingsPanel } from '@/components/recordings/recordings-panel';
import { EndSessionForm } from '@/components/sessions/customer-forms';
import { HandleTime } from '@/components/sessions/console-aids';
import { NoteForm } from '@/components/sessions/note-form';
import { Timeline } from '@/components/sessions/timeline';
import { TransferForm } from '@/components/sessions/transfer-form';
import { Badge, Card } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { handledSessionOrNotFound } from '@/lib/sessions/handled-session';

/**
 * A contact escalated to this supervisor: they see the customer (masked), what happened so far and why it was handed
 * over; they note, hand it back (or on) or end it. Only the supervisor it was handed to may open it.
 */
export default async function EscalatedSession({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireScreen('/supervisor');
  const { id } = await params;
  const session = await handledSessionOrNotFound(id, user);
  const [t, s, format, timeline] = await Promise.all([getTranslations('teller'), getTranslations('approvals'), getFormatter(), getSessionTimeline(id)]);
  const customer = session.customerId ? await getCustomer(session.customerId) : undefined;
  const open = session.status === 'open';
  const targets = open ? (await listTransferTargets()).filter((x) => x.id !== user.id) : [];
  return (
    <div className="space-y-6">
      <Link href="/supervisor" className="text-sm text-brand-700 underline">
        {s('backToQueue')}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{s('escalatedTitle')}</h1>
        <Badge tone="blue">{t(`channels.${session.channel}`)}</Badge>
        <Badge tone={open ? 'green' : 'slate'}>{t(`sessionStatus.${session.status}`)}</Badge>
        <span className="text-sm text-slate-600">{t('startedAtValue', { time: format.dateTime(session.startedAt, { dateStyle: 'short', timeStyle: 'short' }) })}</span>
        <HandleTime startedAt={session.startedAt.toISOString()} endedAt={session.endedAt?.toISOString() ?? null} />
      </div>
      {session.transferredFromName && (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t('transferredIn', { name: session.transferredFromName, note: session.transferNote ?? '' })}
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title={t('customer')}>
            {customer ? (
              <dl className="grid grid-cols-3 gap-2 text-sm">
                <dt className="text-slate-600">{t('fields.name')}</dt>
                <dd className="col-span-2 font-medium">{customer.name}</dd>
                <dt className="text-slate-600">{t('fields.idNumber')}</dt>
                <dd className="col-span-2">
                  <RevealField customerId={customer.id} field="idNumber" masked={customer.idNumberMasked} label={t('fields.idNumber')} />
                </dd>
                <dt className="text-slate-600">{t('fields.mobile')}</dt>
                <dd className="col-span-2">
                  <RevealField customerId={customer.id} field="mobile" masked={customer.mobileMasked} label={t('fields.mobile')} />
                </dd>
              </dl>
            ) : (
              <p className="text-sm text-slate-600">{s('noCustomerYet')}</p>
            )}
          </Card>
          <Card title={t('timeline')}>
            <Timeline entries={timeline} />
          </Card>
          <Card title={t('recordings')}>
            <RecordingsPanel sessionId={id} timeline={timeline} />
          </Card>
        </div>
        <div className="space-y-6">
          {open && (
            <Card title={t('notes')}>
              <NoteForm sessionId={id} />
            </Card>
          )}
          {open && (
            <Card title={t('transfer')}>
              <TransferForm sessionId={id} home="/supervisor" targets={targets.map((x) => ({ id: x.id, name: x.displayName, role: x.role }))} />
            </Card>
          )}
          {open && (
            <Card title={t('endSession')}>
              <EndSessionForm sessionId={id} />
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
