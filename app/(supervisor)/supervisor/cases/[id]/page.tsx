import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getCaseForReview } from '@/db/queries/cases';
import { latestStepResults } from '@/db/queries/otp';
import { STEPS } from '@/lib/sessions/ladder';
import { CaseDecisionForm } from '@/components/cases/case-decision-form';
import { ClaimCell } from '@/components/cases/case-queue';
import { ChangeTable } from '@/components/approvals/change-value';
import { CaseValueReveal, RevealField } from '@/components/approvals/reveal-field';
import { RiskBadge } from '@/components/customers/badges';
import { Badge, Card } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { formatFen, ruleWording } from '@/lib/cases/approval-policy';
import { listCaseDocuments } from '@/lib/documents/service';
import { validityFlag } from '@/lib/documents/checklist';
import { maskCardNumber } from '@/lib/cards/lifecycle';

/** The decision screen (复核): the case, the customer, the ledger effect, the policy's reason and the decisions so far. */
export default async function CaseDecision({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireScreen('/supervisor');
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) notFound();
  const c = await getCaseForReview(id);
  if (!c) notFound();
  // The case comes with its decisions, timeline, the policy version that judged it and the customer's recent cases.
  const { policy, recent } = c;
  const [t, ta, tc, tp, td, format, steps, documents] = await Promise.all([
    getTranslations('cases'),
    getTranslations('approvals'),
    getTranslations('cards'),
    getTranslations('policy'),
    getTranslations('documents'),
    getFormatter(),
    c.sessionId ? latestStepResults(c.sessionId, c.customerId, undefined, c.createdAtExact) : undefined,
    listCaseDocuments(c.id),
  ]);
  const today = new Date().toISOString().slice(0, 10);
  const own = c.makerId === user.id;
  const current = c.decisions.filter((d) => d.round === c.round);
  const mine = current.some((d) => d.approverId === user.id);
  const approvals = current.filter((d) => d.decision === 'approve').length;
  const reasons = (policy?.rules ?? []).filter((r) => c.policyRules.includes(r.id)).map((r) => {
    const w = ruleWording(r);
    return 'text' in w ? w.text : tp(`rules.${w.key}`, w.values);
  });
  const dt = (d: Date) => format.dateTime(d, { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <div className="space-y-6">
      <Link href="/supervisor" className="text-sm text-brand-700 underline">
        {ta('backToQueue')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('reviewTitle', { type: t(`types.${c.type as 'transfer_internal'}`) })}</h1>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={ta('details')}>
          <dl className="grid grid-cols-3 gap-2 text-sm">
            <dt className="text-slate-600">{ta('maker')}</dt>
            <dd className="col-span-2">{c.makerName}</dd>
            <dt className="text-slate-600">{ta('channel')}</dt>
            <dd className="col-span-2">{c.channel ? ta(`channels.${c.channel}`) : '—'}</dd>
            <dt className="text-slate-600">{ta('customer')}</dt>
            <dd className="col-span-2">
              <Link href={`/customers/${c.customerId}`} className="text-brand-700 underline">
                {c.customerName}
              </Link>{' '}
              <RiskBadge level={c.customerRisk} />{' '}
              {c.state === 'pending_approval' && !own ? (
                <RevealField customerId={c.customerId} field="idNumber" masked={c.customerIdMasked} label={ta('idNumberField')} />
              ) : (
                <span className="font-mono text-slate-600">{c.customerIdMasked}</span>
              )}
            </dd>
            {c.summary.fromLast4 && (
              <>
                <dt className="text-slate-600">{t('amount')}</dt>
                <dd className="col-span-2 font-mono text-lg font-semibold">{c.amountFen !== null ? `¥ ${formatFen(c.amountFen)}` : '—'}</dd>
                <dt className="text-slate-600">{t('fromAccount')}</dt>
                <dd className="col-span-2 font-mono">**** {c.summary.fromLast4}</dd>
                {c.summary.toLast4 ? (
                  <>
                    <dt className="text-slate-600">{t('toAccount')}</dt>
                    <dd className="col-span-2">
                      <span className="font-mono">**** {c.summary.toLast4}</span> {c.summary.payeeName && <span>· {c.summary.payeeName}</span>}{' '}
                      <Badge tone="slate">{c.summary.internal ? t('internal') : t('external')}</Badge>
                    </dd>
                  </>
                ) : (
                  c.summary.branch && (
                    <>
                      <dt className="text-slate-600">{t('payoutBranch')}</dt>
                      <dd className="col-span-2">{tc(`branches.${c.summary.branch as 'sh_pudong'}`)}</dd>
                    </>
                  )
                )}
              </>
            )}
            {c.summary.accountKind && (
              <>
                <dt className="text-slate-600">{t('accountKind')}</dt>
                <dd className="col-span-2">{t(`accountKinds.${c.summary.accountKind}`)}</dd>
              </>
            )}
            {c.type === 'limit_change' && (
              <>
                <dt className="text-slate-600">{t('newLimit')}</dt>
                <dd className="col-span-2 font-mono">
                  {t('limitValue', { limit: c.summary.oldLimitFen == null ? 'none' : formatFen(c.summary.oldLimitFen) })} → {t('limitValue', { limit: c.summary.newLimitFen == null ? 'none' : formatFen(c.summary.newLimitFen) })}
                </dd>
              </>
            )}
            {c.summary.accountLast4 && (
              <>
                <dt className="text-slate-600">{tc('account')}</dt>
                <dd className="col-span-2 font-mono">**** {c.summary.accountLast4}</dd>
              </>
            )}
            {c.summary.complaintRef && (
              <>
                <dt className="text-slate-600">{t('complaintRef')}</dt>
                <dd className="col-span-2 font-mono">
                  <Link href={`/complaints/${c.summary.complaintId}`} className="text-brand-700 underline">
                    {c.summary.complaintRef}
                  </Link>
                </dd>
              </>
            )}
            {c.summary.delivery && (
              <>
                <dt className="text-slate-600">{tc('delivery')}</dt>
                <dd className="col-span-2">{tc('deliveryValue', { method: c.summary.delivery, branch: c.summary.branch ? tc(`branches.${c.summary.branch as 'sh_pudong'}`) : '' })}</dd>
              </>
            )}
            {c.summary.cardLast4 !== undefined && (
              <>
                <dt className="text-slate-600">{tc('title')}</dt>
                <dd className="col-span-2">
                  <span className="font-mono">{c.summary.cardLast4 ? maskCardNumber(c.summary.cardLast4) : '—'}</span> {c.cardStatus && <Badge tone={c.cardStatus === 'frozen' ? 'red' : 'slate'}>{tc(`states.${c.cardStatus as 'frozen'}`)}</Badge>}
                </dd>
              </>
            )}
            {c.memo && (
              <>
                <dt className="text-slate-600">{t('memo')}</dt>
                <dd className="col-span-2">{c.memo}</dd>
              </>
            )}
            {c.fromBalance !== null && c.amountFen !== null && c.state === 'pending_approval' && (
              <>
                <dt className="text-slate-600">{t('ledgerEffect')}</dt>
                <dd className="col-span-2 font-mono">{t('balanceBeforeAfter', { before: formatFen(c.fromBalance), after: formatFen(c.fromBalance - c.amountFen) })}</dd>
              </>
            )}
            <dt className="text-slate-600">{t('level')}</dt>
            <dd className="col-span-2">
              {t('levelValue', { level: c.requiredLevel, approvals })} · {t('policyVersion', { version: c.policyVersion })}
              <ul className="mt-1 list-inside list-disc text-xs text-slate-600">
                {reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </dd>
            <dt className="text-slate-600">{t('due')}</dt>
            <dd className="col-span-2">{c.slaDueAt ? dt(c.slaDueAt) : '—'}</dd>
            <dt className="text-slate-600">{ta('verification')}</dt>
            <dd className="col-span-2">
              <ul aria-label={ta('verification')} className="flex flex-wrap gap-2">
                {STEPS.map((step) => {
                  const r = steps?.results[step];
                  return (
                    <li key={step}>
                      {ta(`steps.${step}`)} <Badge tone={r === 'pass' ? 'green' : r === 'fail' ? 'red' : 'slate'}>{r ? ta(`verificationResult.${r}`) : '—'}</Badge>
                    </li>
                  );
                })}
              </ul>
            </dd>
          </dl>
          {c.change && (
            <ChangeTable
              type={c.change.type}
              oldValue={c.change.oldValue}
              newValue={c.change.newValue}
              reason={c.change.reason}
              reveal={c.state === 'pending_approval' && !own ? (side, label) => <CaseValueReveal caseId={c.id} side={side} masked="" label={label} /> : undefined}
            />
          )}
          {(c.requiredDocuments.length > 0 || documents.length > 0) && (
            <>
              <h3 className="mt-4 mb-1 text-sm font-semibold">{td('caseDocuments', { version: c.checklistVersion ?? 1 })}</h3>
              <ul aria-label={td('caseDocuments', { version: c.checklistVersion ?? 1 })} className="space-y-2 text-sm">
                {documents.map((d) => {
                  const flag = validityFlag(d.validUntil, today, c.expiresAt ? c.expiresAt.toISOString().slice(0, 10) : null);
                  return (
                    <li key={d.id} className="flex flex-wrap items-center gap-2">
                      {d.hasThumbnail && !d.purged ? (
                        // eslint-disable-next-line @next/next/no-img-element -- an authorised, audited route, not a static asset
                        <img src={`/api/documents/${d.id}?thumb=1`} alt={td('thumbnailOf', { kind: td(`kinds.${d.kind as 'other'}`) })} className="h-10 w-16 rounded border border-slate-200 object-cover" />
                      ) : null}
                      <a href={`/api/documents/${d.id}`} target="_blank" rel="noreferrer" className="text-brand-700 underline">
                        {td(`kinds.${d.kind as 'other'}`)}
                      </a>
                      <Badge tone={d.status === 'accepted' ? 'green' : d.status === 'rejected' ? 'red' : 'amber'}>{td(`states.${d.status as 'uploaded'}`)}</Badge>
                      {d.reasonCode && <span className="text-red-800">{td(`reasons.${d.reasonCode as 'other'}`)}</span>}
                      {d.validUntil && <span className="text-slate-600">{td('validUntilValue', { date: d.validUntil })}</span>}
                      {flag && <Badge tone="red">{td(`flags.${flag}`)}</Badge>}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
          <h3 className="mt-4 mb-1 text-sm font-semibold">{t('recentCases')}</h3>
          {recent.length === 0 ? (
            <p className="text-sm text-slate-600">{t('noRecentCases')}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {recent.map((r) => (
                <li key={r.id}>
                  {dt(r.createdAt)} · {t(`types.${r.type as 'transfer_internal'}`)} · <span className="font-mono">{r.amountFen !== null ? formatFen(r.amountFen) : '—'}</span> ·{' '}
                  {t(`states.${r.state as 'draft'}`)}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('decision')}>
          {c.decisions.length > 0 && (
            <ul aria-label={t('decisionsSoFar')} className="mb-4 space-y-1 text-sm">
              {c.decisions.map((d, i) => (
                <li key={i}>
                  {c.round > 1 && `${t('roundValue', { round: d.round })} · `}
                  {dt(d.at)} · {d.by} · {t(`decisions.${d.decision as 'approve'}`)}
                  {d.reasonCode && ` · ${t(`reasons.${d.reasonCode as 'other'}`)}`}
                  {d.opinion && ` · ${d.opinion}`}
                </li>
              ))}
            </ul>
          )}
          {c.state !== 'pending_approval' ? (
            <Badge tone={c.state === 'completed' ? 'green' : c.state === 'rejected' ? 'red' : 'slate'}>{t(`states.${c.state as 'draft'}`)}</Badge>
          ) : own ? (
            <p className="text-sm text-red-800">{ta('ownRequest')}</p>
          ) : mine ? (
            <p className="text-sm text-amber-800">{t('waitingSecond')}</p>
          ) : (
            <div className="space-y-4">
              <ClaimCell caseId={c.id} customer={c.customerName} claimedByName={c.claimedByName} mine={c.claimedBy === user.id} />
              <CaseDecisionForm caseId={c.id} />
            </div>
          )}
        </Card>
      </div>
      <Card title={t('timeline')}>
        <ol aria-label={t('timeline')} className="space-y-1 text-sm">
          {c.timeline.map((e) => (
            <li key={e.id}>
              <span className="text-slate-600">{dt(e.at)}</span> · {t.has(`events.${e.kind}`) ? t(`events.${e.kind}` as 'events.case.created') : e.kind} · {e.by ?? t('system')}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
