import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getCustomer } from '@/db/queries/customers';
import { getSessionSummary, getSessionTimeline, getTellerSession, latestVerification, listSessionRequests } from '@/db/queries/service-sessions';
import { ChangeMobileForm, CreateCustomerForm, EndSessionForm, VerifyBasicForm } from '@/components/sessions/customer-forms';
import { CustomerSearch } from '@/components/sessions/customer-search';
import { Timeline } from '@/components/sessions/timeline';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { auditDeniedView, requireScreen } from '@/lib/auth/current-user';

export default async function SessionConsole({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireScreen('/teller');
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) notFound();
  // Scoped to the signed-in teller: another teller's session is simply not found.
  const session = await getTellerSession(id, user.id);
  if (!session) {
    // Someone else's session looks exactly like a missing one, but the attempt is recorded.
    if (await getSessionSummary(id)) await auditDeniedView(user.id, user.role, 'service_session', id);
    notFound();
  }
  const [t, format, timeline, requests] = await Promise.all([getTranslations('teller'), getFormatter(), getSessionTimeline(id), listSessionRequests(id)]);
  const customer = session.customerId ? await getCustomer(session.customerId) : undefined;
  const verification = session.customerId ? await latestVerification(id, session.customerId) : undefined;
  const open = session.status === 'open';

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('console')}</h1>
        <Badge tone="blue">{t(`channels.${session.channel}`)}</Badge>
        <Badge tone={open ? 'green' : 'slate'}>{t(`sessionStatus.${session.status}`)}</Badge>
        <span className="text-sm text-slate-600">{t('startedAtValue', { time: format.dateTime(session.startedAt, { dateStyle: 'short', timeStyle: 'short' }) })}</span>

      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {customer ? (
            <Card title={t('customer')}>
              <dl className="grid grid-cols-3 gap-2 text-sm">
                <dt className="text-slate-600">{t('fields.name')}</dt>
                <dd className="col-span-2 font-medium">{customer.name}</dd>
                <dt className="text-slate-600">{t('fields.idNumber')}</dt>
                <dd className="col-span-2 font-mono">{customer.idNumberMasked}</dd>
                <dt className="text-slate-600">{t('fields.mobile')}</dt>
                <dd className="col-span-2 font-mono">{customer.mobileMasked}</dd>
                <dt className="text-slate-600">{t('verification')}</dt>
                <dd className="col-span-2">
                  {verification ? (
                    <Badge tone={verification.result === 'pass' ? 'green' : 'red'}>{t(`verificationResult.${verification.result}`)}</Badge>
                  ) : (
                    <Badge tone="amber">{t('notVerified')}</Badge>
                  )}
                </dd>
              </dl>
            </Card>
          ) : open ? (
            <Card title={t('identifyCustomer')}>
              <CustomerSearch sessionId={id} />
              <h3 className="mt-6 mb-2 font-semibold">{t('createCustomer')}</h3>
              <CreateCustomerForm sessionId={id} />
            </Card>
          ) : null}

          {customer && open && (
            <Card title={t('verifyBasic')}>
              <p className="mb-3 text-sm text-slate-600">{t('verifyBasicHelp')}</p>
              <VerifyBasicForm sessionId={id} />
            </Card>
          )}

          {customer && open && (
            <Card title={t('changeMobile')}>
              {verification?.result === 'pass' ? <ChangeMobileForm sessionId={id} /> : <EmptyState>{t('verifyFirst')}</EmptyState>}
            </Card>
          )}

          <Card title={t('requests')}>
            {requests.length === 0 ? (
              <EmptyState>{t('noRequests')}</EmptyState>
            ) : (
              <ul className="space-y-2 text-sm">
                {requests.map((r) => (
                  <li key={r.id} className="flex flex-wrap items-center gap-2 border-b border-slate-100 pb-2">
                    <span>{t('changeMobile')}</span>
                    <Badge tone={r.status === 'approved' ? 'green' : r.status === 'rejected' ? 'red' : 'amber'}>{t(`requestStatus.${r.status}`)}</Badge>
                    {r.decisionReason && <span className="text-slate-600">{t('reasonValue', { reason: r.decisionReason })}</span>}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
        <div className="space-y-6">
          <Card title={t('timeline')}>
            <Timeline entries={timeline} />
          </Card>
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
