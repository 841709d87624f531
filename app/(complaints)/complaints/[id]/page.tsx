import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Deadline, StateBadge } from '@/components/complaints/deadline';
import { AssignForm, CloseForm, FeedbackForm, InvestigateForm, ProgressForm, ReopenForm, ResolveForm } from '@/components/complaints/forms';
import { Announcer } from '@/components/ui/announcer';
import { Badge, Card } from '@/components/ui/card';
import { auditView, requireScreen } from '@/lib/auth/current-user';
import { UUID } from '@/lib/ids';
import { loadCalendar } from '@/lib/calendar/store';
import { formatFen } from '@/lib/cases/approval-policy';
import { caseState, complaintFor, customerAccountsToCredit, possibleHandlers } from '@/lib/complaints/lists';

/**
 * One complaint: what was recorded, its deadlines as countdowns, the resolution and feedback, every step timed, and
 * the next step for whoever may take it (the handler, or a supervisor; assigning and reopening are a supervisor's).
 */
export default async function ComplaintScreen({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireScreen('/complaints');
  const { id } = await params;
  const c = UUID.test(id) ? await complaintFor(id, user) : undefined;
  if (!c) notFound();
  await auditView(user.id, user.role, 'complaint', id);
  const now = new Date();
  const [t, tc, format, calendar, handlers, accounts, compensation] = await Promise.all([
    getTranslations('complaints'),
    getTranslations('cases'),
    getFormatter(),
    loadCalendar(),
    user.role === 'supervisor' ? possibleHandlers() : Promise.resolve([]),
    c.state === 'investigating' ? customerAccountsToCredit(c.customerId) : Promise.resolve([]),
    c.compensationCaseId ? caseState(c.compensationCaseId) : Promise.resolve(undefined),
  ]);
  const dt = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
  // Never on a complaint about oneself (the server refuses it too).
  const works = (user.role === 'supervisor' || c.handlerId === user.id) && c.subjectStaffId !== user.id;
  const refLabel = c.ref;
  const staffOptions = handlers.filter((h) => h.id !== c.subjectStaffId).map((h) => ({ value: h.id, label: `${h.name} · ${t(`roles.${h.role}`)}` }));
  const facts: [string, React.ReactNode][] = [
    [t('customer'), c.customerName],
    [t('channel'), t(`channels.${c.channel}`)],
    [t('category'), t(`categories.${c.category}`)],
    [t('severity'), t(`severities.${c.severity}`)],
    [t('receivedAt'), dt(c.receivedAt)],
    [t('recordedBy'), c.recordedByName ?? '—'],
    [t('subject'), c.subjectName ?? t('none')],
    [t('handler'), c.handlerName ?? t('unassigned')],
  ];
  return (
    <Announcer>
    <div className="space-y-6">
      <Link href="/complaints" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('complaintTitle', { ref: c.ref })}</h1>
        <StateBadge state={c.state} />
        {(c.acknowledgeEscalatedAt || c.resolveEscalatedAt) && <Badge tone="red">{t('escalated')}</Badge>}
      </div>
      <Card title={t('deadlines')}>
        <ul className="space-y-2 text-sm">
          <li>
            <Deadline label={t('acknowledgeBy')} dueBy={c.acknowledgeBy} metAt={c.acknowledgedAt} calendar={calendar} now={now} />
          </li>
          <li>
            <Deadline label={t('resolveBy')} dueBy={c.resolveBy} metAt={c.resolvedAt} calendar={calendar} now={now} />
          </li>
        </ul>
      </Card>
      <Card title={t('details')}>
        <dl className="grid gap-x-6 gap-y-2 text-sm md:grid-cols-2">
          {facts.map(([k, v]) => (
            <div key={k} className="flex gap-2">
              <dt className="text-slate-600">{k}</dt>
              <dd className="font-medium text-slate-900">{v}</dd>
            </div>
          ))}
        </dl>
        <h3 className="mt-4 text-sm font-semibold text-slate-800">{t('content')}</h3>
        <p className="mt-1 whitespace-pre-line text-sm">{c.content}</p>
        {c.sessionId && (
          <p className="mt-3 text-sm">
            {user.role === 'supervisor' ? (
              <Link href={`/supervisor/sessions/${c.sessionId}`} className="text-brand-700 underline">
                {t('openSession')}
              </Link>
            ) : (
              t('aboutSession')
            )}
          </p>
        )}
      </Card>
      {c.resolvedAt && !c.restricted && (
        <Card title={t('resolution')}>
          <dl className="space-y-2 text-sm">
            <div><dt className="text-slate-600">{t('rootCause')}</dt><dd className="whitespace-pre-line">{c.rootCause}</dd></div>
            <div><dt className="text-slate-600">{t('actionTaken')}</dt><dd className="whitespace-pre-line">{c.actionTaken}</dd></div>
            <div><dt className="text-slate-600">{t('upheld')}</dt><dd>{t(c.upheld ? 'upheldYes' : 'upheldNo')}</dd></div>
            <div>
              <dt className="text-slate-600">{t('compensation')}</dt>
              <dd>
                {c.compensationFen ? t('amount', { amount: formatFen(c.compensationFen) }) : t('none')}
                {c.compensationCaseId && compensation && (
                  <span className="block">
                    {user.role === 'supervisor' ? (
                      <Link href={`/supervisor/cases/${c.compensationCaseId}`} className="text-brand-700 underline">
                        {t('compensationCase', { ref: c.compensationCaseId.slice(0, 8).toUpperCase(), state: tc(`states.${compensation as 'pending_approval'}`) })}
                      </Link>
                    ) : (
                      t('compensationCase', { ref: c.compensationCaseId.slice(0, 8).toUpperCase(), state: tc(`states.${compensation as 'pending_approval'}`) })
                    )}
                  </span>
                )}
              </dd>
            </div>
            {c.feedbackAt && (
              <div><dt className="text-slate-600">{t('satisfaction')}</dt><dd>{t(`satisfactionValues.${c.satisfaction ?? 3}`)}{c.feedbackNote ? ` — ${c.feedbackNote}` : ''}</dd></div>
            )}
          </dl>
        </Card>
      )}
      {!works && !c.handlerId && <p className="text-sm text-slate-700">{t('waitingForAssignment')}</p>}
      {works && (
        <Card title={t('nextStep')}>
          <div className="space-y-5">
            {user.role === 'supervisor' && c.state !== 'closed' && <AssignForm complaintId={c.id} refLabel={refLabel} staffOptions={staffOptions} current={c.handlerId} />}
            {c.handlerId && c.state === 'accepted' && <InvestigateForm complaintId={c.id} refLabel={refLabel} />}
            {c.state === 'investigating' && (
              <>
                <ProgressForm complaintId={c.id} refLabel={refLabel} />
                <ResolveForm complaintId={c.id} refLabel={refLabel} accountOptions={accounts.map((a) => ({ value: a.id, label: t('accountOption', { last4: a.number.slice(-4), kind: tc(`accountKinds.${a.kind as 'savings'}`) }) }))} />
              </>
            )}
            {c.state === 'resolved' && <FeedbackForm complaintId={c.id} refLabel={refLabel} />}
            {c.state === 'feedback' && <CloseForm complaintId={c.id} refLabel={refLabel} />}
            {user.role === 'supervisor' && (c.state === 'resolved' || c.state === 'feedback' || c.state === 'closed') && <ReopenForm complaintId={c.id} refLabel={refLabel} />}
          </div>
        </Card>
      )}
      <Card title={t('history')}>
        <ol className="space-y-2 text-sm">
          {c.events.map((e) => (
            <li key={e.seq} className="border-l-2 border-slate-200 pl-3">
              <span className="font-medium">{t(`events.${e.kind}`, { deadline: t(`deadlineKinds.${(e.data as { deadline?: string }).deadline ?? 'resolve'}`) })}</span>
              <span className="text-slate-600"> · {dt(e.at)} · {e.actorName ?? t('system')}</span>
              {e.note && <p className="whitespace-pre-line text-slate-700">{e.note}</p>}
            </li>
          ))}
        </ol>
      </Card>
    </div>
    </Announcer>
  );
}
