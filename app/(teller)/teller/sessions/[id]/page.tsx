import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Fragment } from 'react';
import { isElderly, isMinor } from '@/lib/customers/documents/age';
import { elderlyAge } from '@/lib/config';
import { NoteForm } from '@/components/sessions/note-form';
import { TransferForm } from '@/components/sessions/transfer-form';
import { getConsoleSession, getSessionTimeline } from '@/db/queries/service-sessions';
import { getConsoleCustomer } from '@/db/queries/customer-overview';
import { ConfirmForm, OtpForms, PasswordPromptForm } from '@/components/sessions/ladder-forms';
import { AutoRefresh } from '@/components/shell/auto-refresh';
import { BUSINESSES, mayConfirmAny, missingSteps, type Business, type PassTimes, type Step, type StepResults } from '@/lib/sessions/ladder';
import { ChangeMobileForm, EndSessionForm, VerifyBasicForm } from '@/components/sessions/customer-forms';
import { IntakeForms } from '@/components/sessions/enterprise-form';
import { ConsoleShortcuts, HandleTime } from '@/components/sessions/console-aids';
import { CustomerSearch } from '@/components/sessions/customer-search';
import { Timeline } from '@/components/sessions/timeline';
import { RecordingsPanel } from '@/components/recordings/recordings-panel';
import { UploadRecording } from '@/components/recordings/upload-recording';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { handledSessionOrNotFound } from '@/lib/sessions/handled-session';
import Link from 'next/link';
import { BirthDateChangeForm, ContactUpdateForm, DocumentChangeForm, NameChangeForm } from '@/components/sessions/info-change-forms';
import { DocumentStateBadge, RiskBadge } from '@/components/customers/badges';
import { NATIONALITIES, NATIONALITY_CODES, expiryState } from '@/lib/customers/profile';
import { DOCUMENT_RULES } from '@/lib/customers/documents/validate';
import { TransferForm as MoneyTransferForm } from '@/components/cases/transfer-form';
import { listSessionCases } from '@/db/queries/cases';
import { formatFen } from '@/lib/cases/approval-policy';
import { SessionCards } from '@/components/cards/session-cards';
import { SessionCases } from '@/components/cases/session-cases';
import { NotYet } from '@/components/sessions/not-yet';
import { AccountForms } from '@/components/cases/account-forms';
import { CaseDocuments } from '@/components/documents/case-documents';
import { getCaseDocumentsPanels } from '@/lib/documents/panel';
import { maxRecordingBytes, maxUploadBytes } from '@/lib/files/check';
import { ConsoleKb } from '@/components/kb/console-kb';

/** Nationality options in the screen's language: China's regions named by the catalogue (as regions of China). */
async function nationalityOptions() {
  const [t, locale] = await Promise.all([getTranslations('teller'), getLocale()]);
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  return NATIONALITY_CODES.map((code) => ({
    value: code,
    label: ['CHN', 'HKG', 'MAC', 'TWN'].includes(code) ? t(`nationalities.${code as 'CHN'}`) : `${names.of(NATIONALITIES[code]) ?? code} (${code})`,
  }));
}

export default async function SessionConsole({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireScreen('/teller');
  const { id } = await params;
  // Scoped to the signed-in teller: another teller's session is simply not found. The session comes with its live
  // keypad prompts and whom it may be handed to; its customer with everything the console shows of them in one more
  // statement (the console is the teller's most used screen: a statement a part would be a dozen).
  const session = await handledSessionOrNotFound(id, user, getConsoleSession);
  const cid = session.customerId;
  const open = session.status === 'open';
  const [t, tCases, tDocuments, format, timeline, sessionCases, consoleCustomer] = await Promise.all([
    getTranslations('teller'),
    getTranslations('cases'),
    getTranslations('documents'),
    getFormatter(),
    getSessionTimeline(id),
    listSessionCases(id),
    cid ? getConsoleCustomer(id, cid) : undefined,
  ]);
  const customer = consoleCustomer?.customer;
  const profile = consoleCustomer?.profile;
  const enterprise = profile?.kind === 'enterprise' ? consoleCustomer?.enterprise : undefined;
  const customerCards = consoleCustomer?.cards ?? [];
  const locked = consoleCustomer?.locked ?? false;
  const frozen = consoleCustomer?.frozen ?? false;
  // The policy in force decides which steps this customer needs for each business; the server checks it again.
  const ladder = consoleCustomer?.ladder;
  const stepState: { results: StepResults; passedAt: PassTimes } = consoleCustomer?.steps ?? { results: {}, passedAt: {} };
  const targets = session.transferTargets;
  const accountOptions = (consoleCustomer?.accounts ?? []).filter((a) => a.status === 'active').map((a) => ({ id: a.id, label: tCases('accountOption', { kind: tCases(`accountKinds.${a.kind as 'current'}`), last4: a.number.slice(-4), balance: formatFen(a.balance) }) }));
  const steps = stepState.results;
  // The console walks the full ladder; each business opens once its own steps (confirmation last) have passed.
  const required = ladder?.union ?? [];
  const missingFor = (b: Business): Step[] => (ladder ? missingSteps(ladder.byBusiness[b], steps, stepState.passedAt) : required);
  const missing = missingSteps(required, steps, stepState.passedAt);
  const ready = BUSINESSES.filter((b) => missingFor(b).length === 0);
  const canConfirm = !!ladder && mayConfirmAny(ladder.byBusiness, steps);
  // A confirmation given before a later step does not close that business: the teller confirms again.
  const reconfirm = steps.confirmation === 'pass' && BUSINESSES.some((b) => missingFor(b).join() === 'confirmation');
  const waitingForKeypad = open && required.includes('password') && steps.password !== 'pass' && session.keypadPromptLive;
  const cardPromptLive = open && customerCards.some((c) => c.status === 'delivered') && session.cardPromptLive;
  // The teller's own cases collecting documents (a session handed over keeps its cases with the teller who made them).
  const collecting = customer ? sessionCases.filter((c) => c.state === 'documents' && c.makerId === user.id) : [];
  // Every collecting case's panel in two statements, not two a case.
  const documentPanels = (await getCaseDocumentsPanels(collecting)).map((data, i) => ({ c: collecting[i]!, data }));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('console')}</h1>
        <Badge tone="blue">{t(`channels.${session.channel}`)}</Badge>
        <Badge tone={open ? 'green' : 'slate'}>{t(`sessionStatus.${session.status}`)}</Badge>
        <span className="text-sm text-slate-600">{t('startedAtValue', { time: format.dateTime(session.startedAt, { dateStyle: 'short', timeStyle: 'short' }) })}</span>
        <HandleTime startedAt={session.startedAt.toISOString()} endedAt={session.endedAt?.toISOString() ?? null} />
        {customer && (
          // A complaint the customer makes in (or about) this contact is recorded from it (客户投诉登记).
          <Link href={`/complaints/new?session=${id}`} className="text-sm text-brand-700 underline">
            {t('recordComplaint')}
          </Link>
        )}
        {open && (
          <div className="ml-auto">
            <ConsoleShortcuts />
          </div>
        )}
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {customer ? (
            <Card title={t('customer')}>
              {timeline.some((e) => e.kind === 'customer.identified' && e.data.duplicate === true) && (
                <p role="status" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
                  {t('customerExistsAttached')}
                </p>
              )}
              <dl className="grid grid-cols-3 gap-2 text-sm">
                <dt className="text-slate-600">{profile?.kind === 'enterprise' ? t('enterprise.name') : t('fields.name')}</dt>
                <dd className="col-span-2 font-medium">{customer.name}</dd>
                <dt className="text-slate-600">{t('document')}</dt>
                <dd className="col-span-2">
                  {profile && t(`documentTypes.${profile.documentType}`)} <span className="font-mono">{customer.idNumberMasked}</span>{' '}
                  {profile && <DocumentStateBadge expiry={profile.documentExpiry} />}
                </dd>
                <dt className="text-slate-600">{t('fields.mobile')}</dt>
                <dd className="col-span-2 font-mono">{customer.mobileMasked}</dd>
                <dt className="text-slate-600">{t('riskLevel')}</dt>
                <dd className="col-span-2">{profile && <RiskBadge level={profile.riskLevel} />}</dd>
                {enterprise && (
                  <>
                    <dt className="text-slate-600">{t('enterprise.legalRep')}</dt>
                    <dd className="col-span-2">
                      {enterprise.legalRepName} · {t(`documentTypes.${enterprise.legalRepDocumentType}`)} <span className="font-mono">{enterprise.legalRepIdMasked}</span>
                    </dd>
                    {enterprise.agents.map((a) => (
                      <Fragment key={a.id}>
                        <dt className="text-slate-600">{t('enterprise.agent')}</dt>
                        <dd className="col-span-2">
                          {a.name} · <span className="font-mono">{a.idMasked}</span> · {t('enterprise.authorisedUntil', { date: a.authorisedUntil })}
                        </dd>
                      </Fragment>
                    ))}
                  </>
                )}
                {profile?.guardianName && (
                  <>
                    <dt className="text-slate-600">{t('guardian.title')}</dt>
                    <dd className="col-span-2">
                      {profile.guardianName} · {t(`guardian.relationships.${profile.guardianRelationship}`)} <span className="font-mono">{profile.guardianIdMasked}</span>
                    </dd>
                  </>
                )}
              </dl>
              {profile?.birthDate && (isMinor(profile.birthDate) || isElderly(profile.birthDate, elderlyAge())) && (
                <p className="mt-3 flex flex-wrap gap-2">
                  {isMinor(profile.birthDate) && <Badge tone="amber">{t('flags.minor')}</Badge>}
                  {isElderly(profile.birthDate, elderlyAge()) && <Badge tone="blue">{t('flags.elderly')}</Badge>}
                </p>
              )}
              <p className="mt-3 text-sm">
                <Link href={`/customers/${customer.id}`} className="text-brand-700 underline">
                  {t('openCustomer')}
                </Link>
              </p>
              <h3 className="mt-4 mb-1 text-sm font-semibold">{t('ladder')}</h3>
              <ul aria-label={t('ladder')} className="flex flex-wrap gap-3 text-sm">
                {required.map((step) => {
                  const state = steps[step] ?? 'none';
                  return (
                    <li key={step}>
                      {t(`steps.${step}`)} <Badge tone={state === 'pass' ? 'green' : state === 'fail' ? 'red' : 'amber'}>{t(`stepState.${state}`)}</Badge>
                    </li>
                  );
                })}
              </ul>
            </Card>
          ) : open ? (
            <Card title={t('identifyCustomer')}>
              <div data-shortcut="search">
                <CustomerSearch sessionId={id} />
              </div>
              <h3 className="mt-6 mb-2 font-semibold">{t('createCustomer')}</h3>
              <IntakeForms sessionId={id} nationalities={await nationalityOptions()} />
            </Card>
          ) : null}

          {customer && open && (
            <Card title={t('ladder')}>
              {locked && (
                <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
                  {t('lockedBanner')}
                </p>
              )}
              <h3 className="mb-1 font-semibold">{t('steps.basic')}</h3>
              <p className="mb-3 text-sm text-slate-600">{t('verifyBasicHelp')}</p>
              <div data-shortcut="basic">
                <VerifyBasicForm sessionId={id} />
              </div>
              {required.includes('password') && (
                <>
                  <h3 className="mt-6 mb-1 font-semibold">{t('steps.password')}</h3>
                  {steps.password === 'pass' ? (
                    <p className="text-sm text-emerald-800">{t('stepPassed')}</p>
                  ) : steps.basic === 'pass' ? (
                    <div data-shortcut="password">
                      {waitingForKeypad && <AutoRefresh seconds={2} />}
                      <PasswordPromptForm sessionId={id} waiting={waitingForKeypad} />
                    </div>
                  ) : (
                    <EmptyState>{t('confirmFirstSteps')}</EmptyState>
                  )}
                </>
              )}
              <h3 className="mt-6 mb-1 font-semibold">{t('steps.otp')}</h3>
              {steps.otp === 'pass' ? (
                <p className="text-sm text-emerald-800">{t('stepPassed')}</p>
              ) : steps.basic === 'pass' ? (
                <div data-shortcut="otp">
                  <OtpForms sessionId={id} />
                </div>
              ) : (
                <EmptyState>{t('confirmFirstSteps')}</EmptyState>
              )}
              <h3 className="mt-6 mb-1 font-semibold">{t('steps.confirmation')}</h3>
              {steps.confirmation === 'pass' && !reconfirm ? (
                <p className="text-sm text-emerald-800">{t('stepPassed')}</p>
              ) : canConfirm ? (
                <div data-shortcut="confirm">
                  <ConfirmForm sessionId={id} script={t('confirmScript', { name: customer.name, id: customer.idNumberMasked, mobile: customer.mobileMasked })} />
                </div>
              ) : (
                <EmptyState>{t('confirmFirstSteps')}</EmptyState>
              )}
            </Card>
          )}

          {customer && open && profile && (
            <Card title={t('infoChange')}>
              {frozen ? (
                <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
                  {t('frozenBanner')}
                </p>
              ) : ready.length > 0 ? (
                <div className="space-y-3">
                  {expiryState(profile.documentExpiry) === 'expired' && (
                    <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
                      {t('documentExpiredBanner', { date: profile.documentExpiry ?? '' })}
                    </p>
                  )}
                  <p className="text-sm text-slate-600">{t('identityNeedsApproval')}</p>
                  <h3 className="font-semibold">{t('changeMobile')}</h3>
                  {ready.includes('change_mobile') ? (
                    <div data-shortcut="request">
                      <ChangeMobileForm sessionId={id} />
                    </div>
                  ) : (
                    <NotYet steps={missingFor('change_mobile')} />
                  )}
                  {ready.includes('change_name') ? <NameChangeForm sessionId={id} /> : <NotYet title={t('changeName')} steps={missingFor('change_name')} />}
                  {ready.includes('change_document') ? (
                    <DocumentChangeForm sessionId={id} enterprise={profile.kind === 'enterprise'} />
                  ) : (
                    <NotYet title={t('changeDocument')} steps={missingFor('change_document')} />
                  )}
                  {profile.documentType !== 'credit_code' &&
                    !DOCUMENT_RULES[profile.documentType].hasBirthDate &&
                    (ready.includes('change_birth_date') ? <BirthDateChangeForm sessionId={id} /> : <NotYet title={t('changeBirthDate')} steps={missingFor('change_birth_date')} />)}
                  {ready.includes('change_contact') ? (
                    <ContactUpdateForm sessionId={id} current={{ addressMasked: profile.addressMasked, emailMasked: profile.emailMasked, occupation: profile.occupation }} enterprise={profile.kind === 'enterprise'} />
                  ) : (
                    <NotYet title={t('changeContact')} steps={missingFor('change_contact')} />
                  )}
                </div>
              ) : (
                <EmptyState>{t('verifyFirst', { steps: missing.map((step) => t(`stepNames.${step}`)).join(t('listSeparator')) })}</EmptyState>
              )}
            </Card>
          )}

          {customer && (
            <Card title={tCases('title')}>
              {open && !frozen && (ready.includes('fund_movement') ? (
                <MoneyTransferForm sessionId={id} accounts={accountOptions} />
              ) : (
                <NotYet title={tCases('transfer')} steps={missingFor('fund_movement')} />
              ))}
            </Card>
          )}

          {customer && open && !frozen && (
            <Card title={tCases('accountTitle')}>
              {ready.includes('card_service') ? (
                <AccountForms
                  sessionId={id}
                  fundsReady={ready.includes('fund_movement')}
                  accounts={accountOptions}
                />
              ) : (
                <NotYet title={tCases('accountTitle')} steps={missingFor('card_service')} />
              )}
            </Card>
          )}

          {customer && profile?.kind === 'individual' && (
            <SessionCards
              sessionId={id}
              cards={customerCards}
              accounts={accountOptions}
              applicationPending={sessionCases.some((c) => c.type === 'open_card' && c.state === 'pending_approval')}
              promptLive={cardPromptLive}
              missing={open && !frozen ? missingFor('card_service') : null}
            />
          )}

          <SessionCases sessionId={id} cases={sessionCases} open={open} collecting={collecting.map((c) => c.id)} />

          {customer && documentPanels.length > 0 && (
            <Card title={tDocuments('panelTitle')}>
              <div className="space-y-8">
                {documentPanels.map(({ c, data }) => (
                  <CaseDocuments
                    key={c.id}
                    data={data}
                    caseType={tCases(`types.${c.type as 'transfer_internal'}`)}
                    customer={{ name: customer.name, idNumberMasked: customer.idNumberMasked, documentTypeName: profile ? t(`documentTypes.${profile.documentType}`) : null }}
                    maxBytes={maxUploadBytes()}
                  />
                ))}
              </div>
            </Card>
          )}

          <Card title={t('recordings')}>
            <div className="space-y-5">
              <RecordingsPanel sessionId={id} timeline={timeline} />
              <UploadRecording sessionId={id} maxBytes={maxRecordingBytes()} />
            </div>
          </Card>

        </div>
        <div className="space-y-6">
          <ConsoleKb businessTypes={sessionCases.map((c) => c.type)} />
          <Card title={t('timeline')}>
            <Timeline entries={timeline} />
          </Card>
          {open && (
            <Card title={t('notes')}>
              <NoteForm sessionId={id} />
            </Card>
          )}
          {open && (
            <Card title={t('transfer')}>
              <TransferForm sessionId={id} home="/teller" targets={targets.filter((x) => x.id !== user.id).map((x) => ({ id: x.id, name: x.displayName, role: x.role }))} />
            </Card>
          )}
          {open && (
            <Card title={t('endSession')}>
              <div data-shortcut="end">
                <EndSessionForm sessionId={id} />
              </div>
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
