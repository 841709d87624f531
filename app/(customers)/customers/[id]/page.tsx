import Link from 'next/link';
import { Fragment } from 'react';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getCustomerHistory, getCustomerOverviewFor } from '@/db/queries/customer-overview';
import { DocumentStateBadge, RiskBadge } from '@/components/customers/badges';
import { RiskOverrideForm } from '@/components/customers/risk-override-form';
import { RevealField } from '@/components/approvals/reveal-field';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { auditDeniedView, auditView, requireScreen } from '@/lib/auth/current-user';
import { elderlyAge } from '@/lib/config';
import { isElderly, isMinor } from '@/lib/customers/documents/age';
import { identityDocumentList } from '@/lib/customers/profile';
import { maskCardNumber } from '@/lib/cards/lifecycle';
import { formatFen } from '@/lib/cases/approval-policy';

/**
 * The customer screen (客户视图, 360°): who the customer is (masked), their documents, risk level with its
 * explanation, contacts, requests and their states, and the change history. A teller sees the customer of a contact
 * they are handling; a supervisor any customer. Every view is audited.
 */
export default async function CustomerScreen({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireScreen('/customers');
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) notFound();
  // Who may see the customer is part of the statement that reads them (getCustomerOverviewFor): a customer the reader
  // may not open looks like a missing one, and the attempt is recorded.
  const overview = await getCustomerOverviewFor(id, user);
  if (!overview) {
    await auditDeniedView(user.id, user.role, 'customer', id);
    notFound();
  }
  await auditView(user.id, user.role, 'customer', id);
  const { customer, profile, accounts: customerAccounts, cards: customerCards } = overview;
  const enterprise = profile.kind === 'enterprise' ? overview.enterprise : undefined;
  const [{ sessions, requests, assessments, changes, cases: customerCases }, t, tt, ta, format, tc, tk] = await Promise.all([
    getCustomerHistory(id),
    getTranslations('customer360'),
    getTranslations('teller'),
    getTranslations('approvals'),
    getFormatter(),
    getTranslations('cases'),
    getTranslations('cards'),
  ]);
  const latest = assessments[0];
  const supervisor = user.role === 'supervisor';
  const minor = !!profile.birthDate && isMinor(profile.birthDate);
  const elderly = !!profile.birthDate && isElderly(profile.birthDate, elderlyAge());
  const pending = requests.filter((r) => r.status === 'pending');
  const dateTime = (d: Date) => format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' });
  // History values are stored masked and language-neutral; codes in them are named in the screen's language here.
  const historyValue = (field: string, value: string | null) => {
    if (value === null || value === '') return '—';
    if (field === 'occupation') return tt(`occupations.${value as 'other'}`);
    if (field === 'risk_level') return value === 'none' ? ta('modelLevel') : tt(`risk.${value as 'low'}`);
    if (field === 'document') {
      const [type, number, expiry] = value.split(' ');
      return `${tt(`documentTypes.${type as 'passport'}`)} ${number} ${expiry === 'long_term' ? ta('longTerm') : ta('validUntil', { date: expiry ?? '' })}`;
    }
    return value;
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('title', { name: customer.name })}</h1>
        <RiskBadge level={profile.riskLevel} />
        {profile.riskOverride && <Badge tone="blue">{t('overridden')}</Badge>}
        {minor && <Badge tone="amber">{tt('flags.minor')}</Badge>}
        {elderly && <Badge tone="blue">{tt('flags.elderly')}</Badge>}
        {pending.length > 0 && <Badge tone="amber">{t('pendingCount', { count: pending.length })}</Badge>}
        {customerCases.some((c) => c.state === 'pending_approval') && <Badge tone="amber">{t('casesPending', { count: customerCases.filter((c) => c.state === 'pending_approval').length })}</Badge>}
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('profile')}>
          <dl className="grid grid-cols-3 gap-2 text-sm">
            <dt className="text-slate-600">{enterprise ? tt('enterprise.name') : tt('fields.name')}</dt>
            <dd className="col-span-2 font-medium">{customer.name}</dd>
            <dt className="text-slate-600">{tt('document')}</dt>
            <dd className="col-span-2">
              {tt(`documentTypes.${profile.documentType}`)}{' '}
              {supervisor ? <RevealField customerId={id} field="idNumber" masked={customer.idNumberMasked} label={tt('fields.idNumber')} /> : <span className="font-mono">{customer.idNumberMasked}</span>}{' '}
              <DocumentStateBadge expiry={profile.documentExpiry} />
            </dd>
            {enterprise ? (
              <>
                <dt className="text-slate-600">{tt('enterprise.industry')}</dt>
                <dd className="col-span-2">{profile.industry ? tt(`industries.${profile.industry as 'other'}`) : '—'}</dd>
                <dt className="text-slate-600">{tt('enterprise.scope')}</dt>
                <dd className="col-span-2">{enterprise.businessScope}</dd>
                <dt className="text-slate-600">{tt('enterprise.legalRep')}</dt>
                <dd className="col-span-2">
                  {enterprise.legalRepName} · {tt(`documentTypes.${enterprise.legalRepDocumentType}`)} <span className="font-mono">{enterprise.legalRepIdMasked}</span>
                </dd>
                {enterprise.agents.map((a) => (
                  <Fragment key={a.id}>
                    <dt className="text-slate-600">{tt('enterprise.agent')}</dt>
                    <dd className="col-span-2">
                      {a.name} · {tt(`documentTypes.${a.documentType}`)} <span className="font-mono">{a.idMasked}</span> · {tt('enterprise.authorisedUntil', { date: a.authorisedUntil })}
                    </dd>
                  </Fragment>
                ))}
              </>
            ) : (
              <>
                <dt className="text-slate-600">{tt('fields.nationality')}</dt>
                <dd className="col-span-2">{profile.nationality}</dd>
                <dt className="text-slate-600">{tt('fields.birthDate')}</dt>
                <dd className="col-span-2 font-mono">{profile.birthDate ? `${profile.birthDate.slice(0, 4)}-**-**` : '—'}</dd>
                <dt className="text-slate-600">{tt('fields.gender')}</dt>
                <dd className="col-span-2">{profile.gender ? tt(`genders.${profile.gender as 'male'}`) : '—'}</dd>
                <dt className="text-slate-600">{tt('fields.occupation')}</dt>
                <dd className="col-span-2">{profile.occupation ? tt(`occupations.${profile.occupation as 'other'}`) : '—'}</dd>
              </>
            )}
            <dt className="text-slate-600">{tt('fields.mobile')}</dt>
            <dd className="col-span-2">
              {supervisor ? <RevealField customerId={id} field="mobile" masked={customer.mobileMasked} label={tt('fields.mobile')} /> : <span className="font-mono">{customer.mobileMasked}</span>}
            </dd>
            <dt className="text-slate-600">{t('email')}</dt>
            <dd className="col-span-2 font-mono">{profile.emailMasked ?? '—'}</dd>
            <dt className="text-slate-600">{tt('fields.address')}</dt>
            <dd className="col-span-2">{profile.addressMasked ?? '—'}</dd>
            {profile.guardianName && (
              <>
                <dt className="text-slate-600">{tt('guardian.title')}</dt>
                <dd className="col-span-2">
                  {profile.guardianName} · {tt(`guardian.relationships.${profile.guardianRelationship as 'parent'}`)} <span className="font-mono">{profile.guardianIdMasked}</span>
                </dd>
              </>
            )}
          </dl>
          <h3 className="mt-4 mb-1 text-sm font-semibold">{t('documents')}</h3>
          <p className="mb-2 text-xs text-slate-600">{t('documentsHelp')}</p>
          <ul className="list-inside list-disc text-sm">
            {identityDocumentList({ documentType: profile.documentType, nationality: profile.nationality, minor, agents: enterprise?.agents.length }).map((kind) => (
              <li key={kind}>{t(`documentKinds.${kind}`)}</li>
            ))}
          </ul>
        </Card>

        <Card title={t('risk')}>
          {latest ? (
            <>
              <p className="text-sm">
                {t('riskSummary', { score: latest.score, version: latest.modelVersion, time: dateTime(latest.createdAt) })} <RiskBadge level={latest.level} />
              </p>
              {latest.level !== latest.computedLevel && (
                <p className="mt-1 text-sm text-blue-900">{t('overrideInEffect', { computed: tt(`risk.${latest.computedLevel}`) })}</p>
              )}
              <table className="mt-3 w-full text-left text-sm">
                <caption className="mb-1 text-left font-medium">{t('whyLevel')}</caption>
                <thead className="text-slate-600">
                  <tr>
                    <th scope="col">{t('factor')}</th>
                    <th scope="col">{t('factorValue')}</th>
                    <th scope="col" className="text-right">{t('points')}</th>
                  </tr>
                </thead>
                <tbody>
                  {latest.contributions.map((c) => (
                    <tr key={c.factor} className="border-t border-slate-100">
                      <th scope="row" className="py-1 font-normal">{t(`factors.${c.factor}`)}</th>
                      <td>
                        {c.factor === 'occupation' && c.value !== 'unknown'
                          ? tt(`occupations.${c.value as 'other'}`)
                          : c.factor === 'industry' && c.value !== 'unknown'
                            ? tt(`industries.${c.value as 'other'}`)
                            : t(`factorValues.${c.factor}`, { value: c.value })}
                      </td>
                      <td className={`text-right font-mono ${c.points > 0 ? 'font-semibold text-red-800' : 'text-slate-600'}`}>{c.points}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <details className="mt-3 text-sm">
                <summary className="cursor-pointer">{t('assessmentHistory')}</summary>
                <ul className="mt-2 space-y-1">
                  {assessments.map((a) => (
                    <li key={a.id}>
                      {dateTime(a.createdAt)} · {t(`triggers.${a.trigger as 'intake'}`)} · {t('scoreValue', { score: a.score })} · {tt(`risk.${a.level}`)}
                    </li>
                  ))}
                </ul>
              </details>
            </>
          ) : (
            <EmptyState>{t('notAssessed')}</EmptyState>
          )}
          {supervisor && (
            <div className="mt-4 border-t border-slate-200 pt-4">
              <h3 className="mb-1 text-sm font-semibold">{t('overrideForm')}</h3>
              <p className="mb-2 text-xs text-slate-600">{t('overrideHelp')}</p>
              <RiskOverrideForm customerId={id} overridden={!!profile.riskOverride} />
            </div>
          )}
        </Card>

        <Card title={t('business')}>
          {customerAccounts.length > 0 && (
            <ul aria-label={t('accounts')} className="mb-3 space-y-1 text-sm">
              {customerAccounts.map((a) => (
                <li key={a.id}>
                  {tc(`accountKinds.${a.kind as 'current'}`)} <span className="font-mono">**** {a.number.slice(-4)}</span> · {a.status === 'active' ? `¥ ${formatFen(a.balance)}` : tk(`states.${a.status === 'frozen' ? 'frozen' : 'closed'}`)}
                </li>
              ))}
              {customerCards.map((c) => (
                <li key={c.id}>
                  {tk('title')} <span className="font-mono">{c.last4 ? maskCardNumber(c.last4) : tk('notYetNumbered')}</span> · {tk(`states.${c.status as 'requested'}`)}
                </li>
              ))}
            </ul>
          )}
          {customerCases.length === 0 ? (
            <EmptyState>{t('noCases')}</EmptyState>
          ) : (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t('business')}</caption>
              <thead className="text-slate-600">
                <tr>
                  <th scope="col">{ta('type')}</th>
                  <th scope="col" className="text-right">{tc('amount')}</th>
                  <th scope="col">{t('state')}</th>
                  <th scope="col">{ta('submittedAt')}</th>
                  <th scope="col">{ta('maker')}</th>
                </tr>
              </thead>
              <tbody>
                {customerCases.map((c) => (
                  <tr key={c.id} className="border-t border-slate-100">
                    <td className="py-1">{supervisor ? <Link href={`/supervisor/cases/${c.id}`} className="text-brand-700 underline">{tc(`types.${c.type as 'payout'}`)}</Link> : tc(`types.${c.type as 'payout'}`)}</td>
                    <td className="text-right font-mono">{c.amountFen !== null ? formatFen(c.amountFen) : '—'}</td>
                    <td>
                      <Badge tone={c.state === 'completed' ? 'green' : c.state === 'pending_approval' ? 'amber' : c.state === 'rejected' ? 'red' : 'slate'}>{tc(`states.${c.state as 'draft'}`)}</Badge>
                      {c.state === 'pending_approval' && <span className="ml-1 text-slate-600">{tc('approvalsOf', { approvals: c.approvals, required: c.requiredLevel })}</span>}
                    </td>
                    <td>{dateTime(c.createdAt)}</td>
                    <td>{c.makerName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>

        <Card title={t('requests')}>
          {requests.length === 0 ? (
            <EmptyState>{t('noRequests')}</EmptyState>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-slate-600">
                <tr>
                  <th scope="col">{ta('type')}</th>
                  <th scope="col">{t('state')}</th>
                  <th scope="col">{ta('submittedAt')}</th>
                  <th scope="col">{t('people')}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr key={r.id} className="border-t border-slate-100">
                    <td className="py-1">{supervisor ? <Link href={`/supervisor/approvals/${r.id}`} className="text-brand-700 underline">{ta(`types.${r.type}`)}</Link> : ta(`types.${r.type}`)}</td>
                    <td>
                      <Badge tone={r.status === 'approved' ? 'green' : r.status === 'rejected' ? 'red' : 'amber'}>{tt(`requestStatus.${r.status}`)}</Badge>
                    </td>
                    <td>{dateTime(r.createdAt)}</td>
                    <td>{r.checkerName ? t('makerChecker', { maker: r.makerName, checker: r.checkerName }) : r.makerName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>

        <Card title={t('sessions')}>
          {sessions.length === 0 ? (
            <EmptyState>{t('noSessions')}</EmptyState>
          ) : (
            <ul className="space-y-1 text-sm">
              {sessions.map((s) => (
                <li key={s.id} className="flex flex-wrap items-center gap-2 border-b border-slate-100 pb-1">
                  <span>{dateTime(s.startedAt)}</span>
                  <Badge tone="blue">{tt(`channels.${s.channel}`)}</Badge>
                  <span>{s.tellerName}</span>
                  <Badge tone={s.status === 'open' ? 'green' : 'slate'}>{s.outcome ? tt(`outcomes.${s.outcome}`) : tt(`sessionStatus.${s.status}`)}</Badge>
                  {(supervisor || s.tellerId === user.id) && (
                    <Link href={supervisor ? `/supervisor/sessions/${s.id}` : `/teller/sessions/${s.id}`} className="text-brand-700 underline">
                      {t('openSession')}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t('history')} className="lg:col-span-2">
          {changes.length === 0 ? (
            <EmptyState>{t('noHistory')}</EmptyState>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-slate-600">
                <tr>
                  <th scope="col">{t('when')}</th>
                  <th scope="col">{ta('field')}</th>
                  <th scope="col">{ta('oldValue')}</th>
                  <th scope="col">{t('newValue')}</th>
                  <th scope="col">{t('people')}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.id} className="border-t border-slate-100">
                    <td className="py-1">{dateTime(c.createdAt)}</td>
                    <td>{t(`changeFields.${c.field as 'name'}`)}</td>
                    <td>{historyValue(c.field, c.oldMasked)}</td>
                    <td>{historyValue(c.field, c.newMasked)}</td>
                    <td>{c.approvedBy ? t('makerChecker', { maker: c.changedBy, checker: c.approvedBy }) : t('reviewedBy', { name: c.changedBy })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </div>
  );
}
