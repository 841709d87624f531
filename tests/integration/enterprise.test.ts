import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { latestAssessment } from '@/db/queries/risk';
import { decryptPii } from '@/lib/crypto/pii';
import { action } from './actions';
import { freshCreditCode, freshIdNumber, freshMobile, makeCustomer, makeUser, startSession, type TestUser } from './factories';
import { actAs, businessChecksums } from './helpers';

let teller: TestUser;
beforeAll(async () => {
  teller = await makeUser('teller');
});

async function enterprise(overrides: Record<string, unknown> = {}) {
  const sessionId = await startSession(teller.id);
  const creditCode = freshCreditCode();
  const mobile = freshMobile();
  return {
    sessionId,
    creditCode,
    payload: {
      sessionId, name: '上海远航国际贸易有限公司', nameConfirm: '上海远航国际贸易有限公司', creditCode, creditCodeConfirm: creditCode, licenceExpiry: '2041-03-31',
      industry: 'import_export', businessScope: '货物及技术进出口；日用百货销售', registeredAddress: '上海市浦东新区外高桥保税区富特北路 211 号', mobile, mobileConfirm: mobile,
      legalRepName: '周海', legalRepDocumentType: 'resident_id', legalRepIdNumber: await freshIdNumber(),
      ...overrides,
    } as Record<string, unknown>,
  };
}

describe('an enterprise customer', () => {
  it('is saved with its legal representative and an authorised agent, every number sealed; assessed by its industry; found by its credit code', async () => {
    actAs(teller.sid);
    const agentId = await freshIdNumber();
    const { payload, creditCode, sessionId } = await enterprise({ agentName: '陈办理', agentDocumentType: 'resident_id', agentIdNumber: agentId, agentAuthorisedUntil: '2030-12-31' });
    const r = await action('customer.createEnterprise')(null, payload);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, message: 'teller.customerCreated' });
    const id = (r as { data: { id: string } }).data.id;
    const [c] = await sql`SELECT kind, document_type, to_char(document_expiry, 'YYYY-MM-DD') AS expiry, industry, id_number_enc, id_number_last4, address_enc, address_masked FROM customers WHERE id = ${id}`;
    expect(c).toMatchObject({ kind: 'enterprise', document_type: 'credit_code', expiry: '2041-03-31', industry: 'import_export', id_number_last4: creditCode.slice(-4), address_masked: '上海市浦东新****' });
    expect(decryptPii(c!.id_number_enc)).toBe(creditCode);
    const [d] = await sql`SELECT legal_rep_name, legal_rep_document_type, legal_rep_id_enc, legal_rep_id_last4, business_scope FROM enterprise_details WHERE customer_id = ${id}`;
    expect(d).toMatchObject({ legal_rep_name: '周海', legal_rep_document_type: 'resident_id', business_scope: '货物及技术进出口；日用百货销售' });
    expect(decryptPii(d!.legal_rep_id_enc)).toBe(payload.legalRepIdNumber);
    const [a] = await sql`SELECT name, id_number_enc, to_char(authorised_until, 'YYYY-MM-DD') AS until, letter_required FROM customer_agents WHERE customer_id = ${id}`;
    expect(a).toMatchObject({ name: '陈办理', until: '2030-12-31', letter_required: true });
    expect(decryptPii(a!.id_number_enc)).toBe(agentId);
    // No number in clear anywhere in these rows.
    const raw = JSON.stringify([await sql`SELECT * FROM customers WHERE id = ${id}`, await sql`SELECT * FROM enterprise_details WHERE customer_id = ${id}`, await sql`SELECT * FROM customer_agents WHERE customer_id = ${id}`]);
    for (const secret of [creditCode, payload.legalRepIdNumber as string, agentId, payload.mobile as string]) expect(raw).not.toContain(secret);
    // credit code 5 + long validity 0 + import/export 15 = 20: low, with the industry (not an age band or occupation) explained.
    const assessment = await latestAssessment(id);
    expect(assessment).toMatchObject({ score: 20, level: 'low', trigger: 'intake' });
    expect(assessment!.contributions.map((x) => x.factor)).toEqual(['documentType', 'documentValidity', 'industry', 'nationality', 'verificationLocks', 'fraudFlag']);
    const [session] = await sql`SELECT customer_id FROM service_sessions WHERE id = ${sessionId}`;
    expect(session!.customer_id).toBe(id);
    const searchSession = await startSession(teller.id);
    expect(await action('customer.search')(null, { sessionId: searchSession, query: creditCode.toLowerCase() })).toMatchObject({ ok: true, data: { results: [{ id }] } });
    expect(await action('customer.search')(null, { sessionId: searchSession, query: creditCode.slice(-4) })).toMatchObject({ ok: true, data: { results: expect.arrayContaining([expect.objectContaining({ id })]) } });
  });

  it('the same credit code again leads to the existing enterprise', async () => {
    actAs(teller.sid);
    const first = await enterprise();
    const created = await action('customer.createEnterprise')(null, first.payload);
    const again = await enterprise({ creditCode: first.creditCode, creditCodeConfirm: first.creditCode });
    expect(await action('customer.createEnterprise')(null, again.payload)).toMatchObject({ ok: true, message: 'teller.customerExistsAttached', data: { id: (created as { data: { id: string } }).data.id } });
  });

  it('each wrong entry is refused at its field with a precise message, and nothing is saved', async () => {
    actAs(teller.sid);
    const good = freshCreditCode();
    const withI = `${good.slice(0, 10)}I${good.slice(11)}`;
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      [{ creditCode: withI, creditCodeConfirm: withI }, { creditCode: ['errors.creditCode.alphabet::{"char":"I"}'] }],
      [{ creditCode: wrongCheck, creditCodeConfirm: wrongCheck }, { creditCode: [expect.stringMatching(/^errors\.creditCode\.checkCharacter::\{"expected":"[0-9A-Z]"\}$/) as unknown as string] }],
      [{ creditCode: good.slice(0, 16), creditCodeConfirm: good.slice(0, 16) }, { creditCode: ['errors.creditCode.length::{"length":"16","expected":"18"}'] }],
      [{ licenceExpiry: '2020-06-30' }, { licenceExpiry: ['errors.licenceExpired::{"date":"2020-06-30"}'] }],
      [{ licenceExpiry: '' }, { licenceExpiry: ['errors.expiryRequired'] }],
      [{ legalRepIdNumber: '110105194912310021' }, { legalRepIdNumber: ['errors.document.checkCharacter::{"expected":"X"}'] }],
      [{ agentName: '只填了姓名' }, { agentDocumentType: ['errors.agentIncomplete'], agentIdNumber: ['errors.agentIncomplete'], agentAuthorisedUntil: ['errors.agentIncomplete'] }],
      [{ industry: 'casino' }, { industry: ['errors.industry'] }],
      [{ nameConfirm: '上海远航贸易有限公司' }, { nameConfirm: ['errors.confirmMismatch'] }],
    ];
    for (const [overrides, fieldErrors] of cases) {
      const { payload } = await enterprise(overrides);
      const before = await businessChecksums();
      const r = await action('customer.createEnterprise')(null, payload);
      expect(r, JSON.stringify(overrides)).toEqual({ ok: false, message: 'errors.checkFields', fieldErrors });
      expect(await businessChecksums()).toEqual(before);
    }
  });

  it('the database holds the shape: an enterprise has a credit code and only an enterprise has one', async () => {
    const failure = await sql`INSERT INTO customers (kind, name, document_type, document_expiry, id_number_enc, id_number_index, id_number_last4, mobile_enc, mobile_index, mobile_last4)
      VALUES ('enterprise', 'x', 'passport', '2030-01-01', 'x', 'kind-check', '0000', 'x', 'x', '0000')`.catch((e: { constraint_name?: string }) => e);
    expect(failure).toMatchObject({ constraint_name: 'customers_kind' });
    const [e] = await sql`SELECT id FROM customers WHERE kind = 'enterprise' LIMIT 1`;
    const i = await makeCustomer();
    const refused = (q: Promise<unknown>) => q.then(() => undefined, (err: { constraint_name?: string }) => err.constraint_name);
    expect(await refused(sql`UPDATE customers SET industry = 'casino' WHERE id = ${e!.id}`)).toBe('customers_industry');
    expect(await refused(sql`UPDATE customers SET occupation = 'retired' WHERE id = ${e!.id}`)).toBe('customers_occupation');
    expect(await refused(sql`UPDATE customers SET birth_date = '1990-01-01' WHERE id = ${e!.id}`)).toBe('customers_enterprise_no_birth');
    expect(await refused(sql`UPDATE customers SET industry = 'finance' WHERE id = ${i!.id}`)).toBe('customers_industry');
  });
});
