import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { upsertIntegration } from '@/db/queries/credentials';
import { handleKeypad } from '@/lib/integrations/telephony';
import { deliverCard, dispatchCard, produceCard, promptCardActivation, submitCardBlock, submitCardUnfreeze, submitOpenCard } from '@/lib/cards/service';
import { decideCase } from '@/lib/cases/service';
import { promptForPassword } from '@/lib/sessions/password-step';
import { promptPasswordReset, submitPasswordReset } from '@/lib/cases/password-reset';
import { ACTIVATION_PASSWORD, cardAt, completeDocuments, freshCardNumber, sessionWithAccount } from './card-factories';
import { makeUser, passLadder, uniqueName, type TestUser } from './factories';

const TOKEN = `test-ivr-cards-${'c'.repeat(36)}`;
let teller: TestUser;
let supervisor: TestUser;

function keypad(body: Record<string, unknown>): Promise<Response> {
  const headers = new Headers({ 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` });
  return handleKeypad(new Request('http://localhost/api/integrations/telephony/password', { method: 'POST', headers, body: JSON.stringify(body) }));
}

const cardRow = async (id: string) => (await sql<{ status: string; last4: string | null; number_enc: string | null; collector_enc: string | null }[]>`SELECT status, last4, number_enc, collector_enc FROM cards WHERE id = ${id}`)[0]!;
const caseState = async (id: string) => (await sql<{ state: string }[]>`SELECT state FROM cases WHERE id = ${id}`)[0]!.state;

beforeAll(async () => {
  teller = await makeUser('teller');
  supervisor = await makeUser('supervisor');
  await upsertIntegration({ name: uniqueName('ivr'), token: TOKEN, capabilities: ['keypad'], createdBy: null });
});

describe('card opening, from application to activation', () => {
  it('needs a supervisor; the maker cannot approve; approval orders the card and the case waits for activation', async () => {
    const s = await sessionWithAccount(teller.id);
    const opened = await submitOpenCard(s.sessionId, teller.id, { accountId: s.account.id, delivery: 'mail', idempotencyKey: randomUUID() });
    expect(opened).toMatchObject({ state: 'pending_approval', level: 1 });
    expect(await decideCase(opened.id, teller.id, 'approve', null, null)).toEqual({ outcome: 'own_case' });
    // One live application per account: a second is refused, naming the first.
    await expect(submitOpenCard(s.sessionId, teller.id, { accountId: s.account.id, delivery: 'mail', idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: expect.stringContaining('errors.caseLiveForTarget') });
    expect(await decideCase(opened.id, supervisor.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'executed' });
    const [card] = await sql<{ id: string; status: string; embossed_name: string }[]>`SELECT id, status, embossed_name FROM cards WHERE application_case_id = ${opened.id}`;
    expect(card).toMatchObject({ status: 'requested', embossed_name: s.customer.fullName.toUpperCase() });
    const [notice] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM outbox_messages WHERE customer_id = ${s.customer.id} AND template = 'cardOrdered'`;
    expect(notice!.n).toBeGreaterThan(0);
  });

  it('checks production against the application: name, account, and a number used once', async () => {
    const c = await cardAt('requested', teller.id, supervisor.id);
    await expect(produceCard(supervisor.id, { cardId: c.cardId, cardNumber: c.cardNumber, embossedName: 'SOMEBODY ELSE', accountNumber: c.account.number })).rejects.toMatchObject({
      fieldErrors: { embossedName: ['errors.productionNameMismatch'] },
    });
    await expect(produceCard(supervisor.id, { cardId: c.cardId, cardNumber: c.cardNumber, embossedName: c.customer.fullName, accountNumber: '31010000000000000' })).rejects.toMatchObject({
      fieldErrors: { accountNumber: ['errors.productionAccountMismatch'] },
    });
    expect((await cardRow(c.cardId)).status).toBe('requested');
    const other = await cardAt('produced', teller.id, supervisor.id);
    await expect(produceCard(supervisor.id, { cardId: c.cardId, cardNumber: other.cardNumber, embossedName: c.customer.fullName, accountNumber: c.account.number })).rejects.toMatchObject({
      fieldErrors: { cardNumber: ['errors.cardNumberTaken'] },
    });
    await expect(produceCard(supervisor.id, { cardId: c.cardId, cardNumber: c.cardNumber, embossedName: ` ${c.customer.fullName} `, accountNumber: c.account.number })).resolves.toEqual({ last4: c.cardNumber.slice(-4) });
    // Sealed at rest: the number is nowhere in the row in plain text.
    const row = await cardRow(c.cardId);
    expect(row).toMatchObject({ status: 'produced', last4: c.cardNumber.slice(-4) });
    const [raw] = await sql<{ t: string }[]>`SELECT t::text AS t FROM cards t WHERE id = ${c.cardId}`;
    expect(raw!.t).not.toContain(c.cardNumber);
  });

  it('dispatches by mail only with a tracking number; a branch pick-up is collected by the holder with a signed receipt', async () => {
    const mailed = await cardAt('produced', teller.id, supervisor.id);
    await expect(dispatchCard(supervisor.id, { cardId: mailed.cardId })).rejects.toMatchObject({ fieldErrors: { trackingNumber: ['errors.trackingNumberRequired'] } });

    const s = await sessionWithAccount(teller.id);
    const opened = await submitOpenCard(s.sessionId, teller.id, { accountId: s.account.id, delivery: 'branch', branch: 'sh_pudong', idempotencyKey: randomUUID() });
    await decideCase(opened.id, supervisor.id, 'approve', null, null);
    const [{ id }] = await sql<{ id: string }[]>`SELECT id FROM cards WHERE application_case_id = ${opened.id}`;
    await produceCard(supervisor.id, { cardId: id, cardNumber: freshCardNumber(), embossedName: s.customer.fullName, accountNumber: s.account.number });
    await dispatchCard(supervisor.id, { cardId: id });
    await expect(deliverCard(supervisor.id, { cardId: id })).rejects.toMatchObject({ key: 'errors.collectionIncomplete' });
    await expect(deliverCard(supervisor.id, { cardId: id, collectorName: s.customer.fullName, collectorIdNumber: '110101199003074514', signatureRef: 'QS-20261124-001' })).rejects.toMatchObject({
      fieldErrors: { collectorIdNumber: ['errors.collectorNotHolder'] },
    });
    await deliverCard(supervisor.id, { cardId: id, collectorName: s.customer.fullName, collectorIdNumber: s.customer.idNumber.toLowerCase(), signatureRef: 'QS-20261124-001' });
    const row = await cardRow(id);
    expect(row.status).toBe('delivered');
    expect(row.collector_enc).not.toContain(s.customer.idNumber);
  });

  it('activates only with a strong password keyed twice, which then passes the ladder’s password step', async () => {
    const c = await cardAt('delivered', teller.id, supervisor.id);
    await promptCardActivation(c.sessionId, teller.id, c.cardId);

    let res = await keypad({ sessionId: c.sessionId, digits: '123456', confirm: '123456' });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: 'weak', problems: ['sequence'] });
    res = await keypad({ sessionId: c.sessionId, digits: ACTIVATION_PASSWORD, confirm: '507194' });
    expect(await res.json()).toEqual({ error: 'mismatch' });
    expect((await cardRow(c.cardId)).status).toBe('delivered');

    res = await keypad({ sessionId: c.sessionId, digits: ACTIVATION_PASSWORD, confirm: ACTIVATION_PASSWORD });
    expect(res.status).toBe(200);
    expect((await cardRow(c.cardId)).status).toBe('activated');
    expect(await caseState(c.caseId)).toBe('completed');
    const [pw] = await sql<{ hash: string; set_via: string }[]>`SELECT password_hash AS hash, set_via FROM customer_passwords WHERE customer_id = ${c.customer.id}`;
    expect(pw!.set_via).toBe('card_activation');
    expect(pw!.hash).toMatch(/^\$argon2id\$/);
    // The prompt is answered: a second answer finds nothing waiting.
    expect((await keypad({ sessionId: c.sessionId, digits: ACTIVATION_PASSWORD, confirm: ACTIVATION_PASSWORD })).status).toBe(409);

    // The new password is the ladder's password step from now on.
    await passLadder(c, teller.id);
    await promptForPassword(c.sessionId, teller.id);
    res = await keypad({ sessionId: c.sessionId, digits: ACTIVATION_PASSWORD });
    expect(await res.json()).toEqual({ result: 'pass', locked: false });
  });

  it('does not activate a card that is not delivered', async () => {
    const c = await cardAt('dispatched', teller.id, supervisor.id);
    await expect(promptCardActivation(c.sessionId, teller.id, c.cardId)).rejects.toMatchObject({ key: 'errors.cardNotDelivered' });
  });
});

describe('loss, freeze and unfreeze', () => {
  it('a card lost before activation ends its application, so the account may apply again', async () => {
    const c = await cardAt('dispatched', teller.id, supervisor.id);
    expect(await caseState(c.caseId)).toBe('executed');
    await submitCardBlock(c.sessionId, teller.id, { cardId: c.cardId, kind: 'lost', idempotencyKey: randomUUID() });
    expect(await caseState(c.caseId)).toBe('completed');
    const again = await submitOpenCard(c.sessionId, teller.id, { accountId: c.account.id, delivery: 'mail', idempotencyKey: randomUUID() });
    expect(again.state).toBe('pending_approval');
  });

  it('a loss report takes effect at once, without approval, and the card is never used again', async () => {
    const c = await cardAt('activated', teller.id, supervisor.id);
    const r = await submitCardBlock(c.sessionId, teller.id, { cardId: c.cardId, kind: 'lost', idempotencyKey: randomUUID() });
    expect(r).toMatchObject({ state: 'completed', level: 0 });
    expect((await cardRow(c.cardId)).status).toBe('lost');
    await expect(submitCardUnfreeze(c.sessionId, teller.id, { cardId: c.cardId, idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: 'errors.cardNotFrozen' });
  });

  it('unfreezing needs a supervisor, one live request per card', async () => {
    const c = await cardAt('frozen', teller.id, supervisor.id);
    const r = await submitCardUnfreeze(c.sessionId, teller.id, { cardId: c.cardId, idempotencyKey: randomUUID() });
    expect(r).toMatchObject({ state: 'pending_approval', level: 1 });
    await expect(submitCardUnfreeze(c.sessionId, teller.id, { cardId: c.cardId, idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: expect.stringContaining('errors.caseLiveForTarget') });
    expect((await cardRow(c.cardId)).status).toBe('frozen');
    expect(await decideCase(r.id, supervisor.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed' });
    expect((await cardRow(c.cardId)).status).toBe('activated');
  });

  it('an unfreeze approved after the card was reported lost is refused and changes nothing', async () => {
    const c = await cardAt('frozen', teller.id, supervisor.id);
    const r = await submitCardUnfreeze(c.sessionId, teller.id, { cardId: c.cardId, idempotencyKey: randomUUID() });
    // Protecting the customer is never blocked by a pending case.
    await submitCardBlock(c.sessionId, teller.id, { cardId: c.cardId, kind: 'lost', idempotencyKey: randomUUID() });
    expect(await decideCase(r.id, supervisor.id, 'approve', null, null)).toEqual({ outcome: 'account_unavailable' });
    expect((await cardRow(c.cardId)).status).toBe('lost');
    expect(await caseState(r.id)).toBe('pending_approval');
  });
});

describe('the database holds the card lifecycle', () => {
  it('refuses a step outside the lifecycle, a changed number or application, and deletion', async () => {
    const c = await cardAt('activated', teller.id, supervisor.id);
    await expect(sql`UPDATE cards SET status = 'requested' WHERE id = ${c.cardId}`).rejects.toThrow(/not a step of the card lifecycle/);
    await expect(sql`UPDATE cards SET last4 = '0000' WHERE id = ${c.cardId}`).rejects.toThrow(/keeps its number/);
    await expect(sql`UPDATE cards SET embossed_name = 'X' WHERE id = ${c.cardId}`).rejects.toThrow(/application asked for/);
    await expect(sql`DELETE FROM cards WHERE id = ${c.cardId}`).rejects.toThrow();
    const lost = await cardAt('activated', teller.id, supervisor.id);
    await sql`UPDATE cards SET status = 'lost' WHERE id = ${lost.cardId}`;
    await expect(sql`UPDATE cards SET status = 'activated' WHERE id = ${lost.cardId}`).rejects.toThrow(/not a step/);
  });
});

describe('password reset', () => {
  it('needs a supervisor; approval voids the old password; a strong new one keyed twice completes it and passes the ladder', async () => {
    const c = await cardAt('activated', teller.id, supervisor.id);
    const reset = await submitPasswordReset(c.sessionId, teller.id, { idempotencyKey: randomUUID() });
    expect(reset).toMatchObject({ state: 'documents', level: 1 });
    expect(await completeDocuments(reset.id, teller.id)).toBe('pending_approval');
    await expect(submitPasswordReset(c.sessionId, teller.id, { idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: expect.stringContaining('errors.caseLiveForTarget') });
    // Not before approval.
    await expect(promptPasswordReset(c.sessionId, teller.id, reset.id)).rejects.toMatchObject({ key: 'errors.caseState' });
    expect(await decideCase(reset.id, supervisor.id, 'approve', null, null)).toMatchObject({ state: 'executed' });
    expect(await sql`SELECT 1 FROM customer_passwords WHERE customer_id = ${c.customer.id}`).toHaveLength(0);

    await promptPasswordReset(c.sessionId, teller.id, reset.id);
    let res = await keypad({ sessionId: c.sessionId, digits: '888888', confirm: '888888' });
    expect(await res.json()).toEqual({ error: 'weak', problems: ['repeated'] });
    res = await keypad({ sessionId: c.sessionId, digits: '362819', confirm: '362819' });
    expect(await res.json()).toEqual({ result: 'reset' });
    expect(await caseState(reset.id)).toBe('completed');
    const [pw] = await sql<{ set_via: string }[]>`SELECT set_via FROM customer_passwords WHERE customer_id = ${c.customer.id}`;
    expect(pw!.set_via).toBe('password_reset');

    await promptForPassword(c.sessionId, teller.id);
    expect(await (await keypad({ sessionId: c.sessionId, digits: ACTIVATION_PASSWORD })).json()).toMatchObject({ result: 'fail' });
    await promptForPassword(c.sessionId, teller.id);
    expect(await (await keypad({ sessionId: c.sessionId, digits: '362819' })).json()).toMatchObject({ result: 'pass' });
  });
});
