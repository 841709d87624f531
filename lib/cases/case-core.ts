import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { approvalPolicies, caseEvents, cases, customers, documentChecklists, serviceSessions } from '@/db/schema';
import { checklistConfigSchema, customerTypeOf, forDocumentType, requiredDocuments, type ChecklistConfig } from '@/lib/documents/checklist';
import { isMinor } from '@/lib/customers/documents/age';
import { addSessionEvent } from '@/db/queries/service-sessions';
import { gateBusiness, inOpenSession } from '@/lib/sessions/service';
import type { Business as LadderBusiness } from '@/lib/sessions/ladder';
import { DomainError, messageWith } from '@/lib/actions/result';
import { blindIndex, encryptPii } from '@/lib/crypto/pii';
import { approvalPolicySchema, requiredApproval, slaMinutesFor, type ApprovalPolicy, type Business } from './approval-policy';
import { transition, type CaseEvent, type CaseState } from './state-machine';

/**
 * What every business case shares, whatever its type: the approval policy in force, the walk along the state machine
 * with its timeline, opening a case under an idempotency key and one live case per target. Types add their payload,
 * their gate and their execution (lib/cases/service.ts for money, lib/cards/service.ts for cards).
 */

export async function currentApprovalPolicy(conn: Tx | typeof db = db): Promise<{ version: number; policy: ApprovalPolicy }> {
  const [row] = await conn.select().from(approvalPolicies).orderBy(desc(approvalPolicies.version)).limit(1);
  if (!row) throw new Error('no approval policy: the migrations publish version 1');
  return { version: row.version, policy: approvalPolicySchema.parse(row.policy) };
}

/** The policy version that judged a case (its reasons are that version's, not today's). */
export async function approvalPolicyVersion(version: number): Promise<ApprovalPolicy | undefined> {
  const [row] = await db.select().from(approvalPolicies).where(eq(approvalPolicies.version, version));
  return row && approvalPolicySchema.parse(row.policy);
}

/** Moves a case along the state machine (the database's trigger holds the same table) and writes it on the timeline. */
export async function move(
  tx: Tx,
  c: { id: string; state: CaseState },
  event: CaseEvent,
  actorId: string | null,
  data: Record<string, unknown> = {},
  set: Partial<typeof cases.$inferInsert> = {},
): Promise<CaseState> {
  const next = transition(c.state, event);
  if (!next.ok) throw new DomainError('errors.caseState', 'failed');
  // The state change and its timeline entry in one statement (one round trip: a case's walk takes several moves).
  const update = tx.update(cases).set({ ...set, state: next.to }).where(eq(cases.id, c.id)).returning({ id: cases.id });
  const written = await tx.execute(sql`
    WITH moved AS (${update.getSQL()})
    INSERT INTO case_events (case_id, kind, actor_id, data)
    SELECT id, ${`case.${event}`}, ${actorId}::uuid, ${JSON.stringify({ from: c.state, to: next.to, ...data })}::jsonb FROM moved
    RETURNING case_id`);
  if (written.length !== 1) throw new Error(`move: case ${c.id} not found`);
  c.state = next.to;
  return next.to;
}

/** Adds a fact to a case's timeline that is not a state change (a card produced, a password prompt...). */
export async function addCaseEvent(tx: Tx, caseId: string, kind: string, actorId: string | null, data: Record<string, unknown> = {}): Promise<void> {
  await tx.insert(caseEvents).values({ caseId, kind, actorId, data });
}

/**
 * What an idempotency key stands for: the case's input under a keyed hash (HMAC with the blind-index key), so a
 * short value in it — a mobile number, an account number — cannot be recovered by hashing every candidate.
 */
export function inputHashOf(parts: readonly unknown[]): string {
  return blindIndex('case-input', JSON.stringify(parts));
}

/** A case collecting documents that nobody finishes expires this long after it started collecting them. */
export const DOCUMENTS_EXPIRE_DAYS = 30;
/** A case returned for correction that its maker neither resubmits nor withdraws expires this long after the return. */
export const RETURNED_EXPIRE_DAYS = 7;

export type OpenedCase = { id: string; state: CaseState; level: number; existing: boolean };

export async function caseByKey(conn: Tx | typeof db, makerId: string, key: string) {
  const [row] = await conn
    .select({ id: cases.id, state: cases.state, level: cases.requiredLevel, inputHash: cases.inputHash })
    .from(cases)
    .where(and(eq(cases.makerId, makerId), eq(cases.idempotencyKey, key)));
  return row && { id: row.id, state: row.state as CaseState, level: row.level, inputHash: row.inputHash };
}

/** The case a repeated key stands for — but a key reused with different input is a mistake, refused as such. */
export function sameInput(existing: { id: string; state: CaseState; level: number; inputHash: string | null }, inputHash: string): OpenedCase {
  if (existing.inputHash !== null && existing.inputHash !== inputHash) throw new DomainError('errors.idempotencyMismatch', 'failed');
  return { id: existing.id, state: existing.state, level: existing.level, existing: true };
}

/**
 * Runs a submission under its idempotency key: a key seen before answers with its case (or is refused when the input
 * differs); two submissions with one key at once are settled by the unique index, the loser answered with the
 * winner's case.
 */
export async function withIdempotency(makerId: string, key: string, inputHash: string, submit: () => Promise<OpenedCase>): Promise<OpenedCase> {
  try {
    return await submit();
  } catch (err) {
    // Two submissions for one target at once (different keys): the unique index let one through.
    if (violatesUnique(err, 'cases_one_live_per_target_idx')) throw new DomainError('errors.caseLiveForTargetNow', 'failed');
    if (!violatesUnique(err, 'cases_idempotency_idx')) throw err;
    const existing = await caseByKey(db, makerId, key);
    if (!existing) throw err;
    return sameInput(existing, inputHash);
  }
}

/** A live case already acting on this target (two limit changes on one card...): refused, naming the first. */
export async function assertNoLiveCase(tx: Tx, target: string): Promise<void> {
  const [live] = await tx
    .select({ id: cases.id, state: cases.state })
    .from(cases)
    .where(and(eq(cases.target, target), sql`${cases.state} NOT IN ('completed', 'rejected', 'cancelled', 'expired')`))
    .limit(1);
  if (live) throw new DomainError(messageWith('errors.caseLiveForTarget', { ref: live.id.slice(0, 8).toUpperCase() }), 'failed');
}

export type NewCase = {
  type: Business;
  customerId: string;
  /** The contact it was made in; null for business not made in one (a complaint's compensation). */
  sessionId: string | null;
  makerId: string;
  payload: Record<string, unknown>;
  summary: Record<string, unknown>;
  amountFen: number | null;
  target?: string;
  idempotencyKey: string;
  inputHash: string;
  fieldsChanged?: string[];
};

export type Submit<I> = (sessionId: string, tellerId: string, input: I & { idempotencyKey: string }) => Promise<OpenedCase>;
type Execute = (tx: Tx, caseId: string, actorId: string | null) => Promise<CaseState>;

/**
 * The frame every business submission shares: its idempotency key (a repeat answers with its case, other input under
 * the same key is refused), the teller's open session, the ladder's gate for `ladder`, then the type's own checks
 * (`build`), and the case opened — executed by `execute` if the policy needs no approval — and named on the session's
 * timeline with the ladder policy and the verification that allowed it.
 */
export function caseSubmission<I>(
  kind: string,
  ladder: LadderBusiness,
  hashOf: (input: I) => unknown[],
  build: (tx: Tx, customerId: string, input: I) => Promise<Omit<NewCase, 'customerId' | 'sessionId' | 'makerId' | 'idempotencyKey' | 'inputHash'>>,
  execute: Execute,
): Submit<I> {
  return (sessionId, tellerId, input) => {
    const hash = inputHashOf([kind, ...hashOf(input)]);
    return withIdempotency(tellerId, input.idempotencyKey, hash, () =>
      inOpenSession(sessionId, tellerId, async (tx, session) => {
        const existing = await caseByKey(tx, tellerId, input.idempotencyKey);
        if (existing) return sameInput(existing, hash);
        const gate = await gateBusiness(tx, sessionId, session, ladder);
        const v = await build(tx, gate.customerId, input);
        const opened = await openCase(tx, { ...v, customerId: gate.customerId, sessionId, makerId: tellerId, idempotencyKey: input.idempotencyKey, inputHash: hash }, execute);
        // The session's timeline names the business and what allowed it: the ladder policy, the customer's risk level then
        // and the verification passed.
        await addSessionEvent(tx, sessionId, tellerId, 'case.submitted', { case: opened.id, type: v.type, ladder, ladderPolicy: gate.policyVersion, risk: gate.risk, verification: gate.lastPassId });
        return opened;
      }),
    );
  };
}

/**
 * Opens a case judged by the approval policy in force: created, verified (the caller's gate checked the session's
 * verification), and either submitted for approval at the level the policy requires — with its SLA and expiry — or,
 * when it requires none, approved by the policy and executed at once by `execute` in the same transaction.
 */
export async function openCase(tx: Tx, v: NewCase, execute: Execute): Promise<OpenedCase> {
  if (v.target) await assertNoLiveCase(tx, v.target);
  const [customer] = await tx
    .select({ risk: customers.riskLevel, kind: customers.kind, documentType: customers.documentType, birthDate: customers.birthDate })
    .from(customers)
    .where(eq(customers.id, v.customerId));
  const checklist = await currentChecklist(tx);
  const required = forDocumentType(
    requiredDocuments(checklist.config, v.type, customerTypeOf({ kind: customer!.kind, documentType: customer!.documentType, minor: !!customer!.birthDate && isMinor(customer!.birthDate) })),
    customer!.documentType,
  );
  const [s] = v.sessionId ? await tx.select({ channel: serviceSessions.channel }).from(serviceSessions).where(eq(serviceSessions.id, v.sessionId)) : [];
  const inForce = await currentApprovalPolicy(tx);
  const { version, policy } = inForce;
  const need = requiredApproval(policy, { business: v.type, amountFen: v.amountFen, customerRisk: customer!.risk, channel: s?.channel ?? null, fieldsChanged: v.fieldsChanged });
  // The case and its first timeline entry in one statement.
  const insert = tx
    .insert(cases)
    .values({
      type: v.type,
      customerId: v.customerId,
      sessionId: v.sessionId,
      makerId: v.makerId,
      payloadEnc: encryptPii(JSON.stringify(v.payload)),
      summary: v.summary,
      amountFen: v.amountFen,
      requiredLevel: need.level,
      policyVersion: version,
      policyRules: need.ruleIds,
      idempotencyKey: v.idempotencyKey,
      inputHash: v.inputHash,
      target: v.target ?? null,
      checklistVersion: checklist.version,
      requiredDocuments: required,
    })
    .returning({ id: cases.id });
  const [row] = (await tx.execute(sql`
    WITH created AS (${insert.getSQL()})
    INSERT INTO case_events (case_id, kind, actor_id, data)
    SELECT id, 'case.created', ${v.makerId}::uuid, ${JSON.stringify({ type: v.type, level: need.level, policy: version, rules: need.ruleIds })}::jsonb FROM created
    RETURNING case_id`)) as unknown as { case_id: string }[];
  const c = { id: row!.case_id, state: 'draft' as CaseState };
  await move(tx, c, 'start_verification', v.makerId);
  // The session's verification was checked by the caller's gate. Business with required documents waits for them
  // (资料收集); the rest goes straight to ready.
  if (required.length > 0) {
    await move(tx, c, 'verified', v.makerId, { checklist: checklist.version, required }, { expiresAt: sql`now() + make_interval(days => ${DOCUMENTS_EXPIRE_DAYS})` as unknown as Date });
    return { id: c.id, state: c.state, level: need.level, existing: false };
  }
  await move(tx, c, 'skip_documents', v.makerId);
  return { id: c.id, state: await proceedFromReady(tx, c, need.level, v.makerId, execute, inForce), level: need.level, existing: false };
}

/**
 * A ready case goes on as the policy that judged it says: submitted for approval at its level — with the SLA and the
 * expiry of the policy in force — or, needing none, approved by the policy and executed at once.
 */
export async function proceedFromReady(
  tx: Tx,
  c: { id: string; state: CaseState },
  level: number,
  makerId: string,
  execute: (tx: Tx, caseId: string, actorId: string | null) => Promise<CaseState>,
  /** The policy in force, when the caller has just read it in this transaction. */
  inForce?: { version: number; policy: ApprovalPolicy },
): Promise<CaseState> {
  const { version, policy } = inForce ?? (await currentApprovalPolicy(tx));
  if (level === 0) {
    await move(tx, c, 'auto_approve', null, { policy: version });
    return execute(tx, c.id, null);
  }
  const sla = slaMinutesFor(policy, level as 1 | 2) ?? 10;
  await move(tx, c, 'submit', makerId, { level }, {
    submittedAt: sql`now()` as unknown as Date,
    slaDueAt: sql`now() + make_interval(mins => ${sla})` as unknown as Date,
    expiresAt: sql`now() + make_interval(mins => ${policy.expireAfterMinutes})` as unknown as Date,
    escalatedAt: null,
  });
  return c.state;
}

/** The checklist in force with when it was published, for the published list (资料清单公示). */
export async function currentChecklistPublished(): Promise<{ version: number; config: ChecklistConfig; publishedAt: Date }> {
  const [row] = await db.select().from(documentChecklists).orderBy(desc(documentChecklists.version)).limit(1);
  if (!row) throw new Error('no document checklist: the migrations publish version 1');
  return { version: row.version, config: checklistConfigSchema.parse(row.config) as ChecklistConfig, publishedAt: row.createdAt };
}

/** The checklist configuration in force: the newest version. */
export async function currentChecklist(conn: Tx | typeof db = db): Promise<{ version: number; config: ChecklistConfig }> {
  const [row] = await conn.select().from(documentChecklists).orderBy(desc(documentChecklists.version)).limit(1);
  if (!row) throw new Error('no document checklist: the migrations publish version 1');
  return { version: row.version, config: checklistConfigSchema.parse(row.config) as ChecklistConfig };
}
