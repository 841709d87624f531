import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { decryptPii } from '@/lib/crypto/pii';
import { chinaDate } from '@/lib/customers/documents/dates';
import { action } from './actions';
import { freshIdNumber, freshMobile, makeUser, startSession, type TestUser } from './factories';
import { actAs, businessChecksums, confirmed } from './helpers';

let teller: TestUser;
beforeAll(async () => {
  teller = await makeUser('teller');
});

const inYears = (n: number) => chinaDate(new Date(Date.now() + n * 365 * 86_400_000));
const passportNumber = () => `E${String(randomInt(10_000_000, 99_999_999))}`;

/** A passport holder's intake: the number carries no date of birth or gender, so both are entered. */
async function passportPayload(overrides: Record<string, unknown> = {}) {
  const sessionId = await startSession(teller.id);
  const number = passportNumber();
  return {
    sessionId,
    number,
    payload: {
      ...confirmed({ sessionId, name: 'John Smith', idNumber: number, mobile: freshMobile() }),
      documentType: 'passport',
      longTerm: undefined,
      documentExpiry: inYears(5),
      nationality: 'GBR',
      birthDate: '1980-06-01',
      gender: 'male',
      ...overrides,
    },
  };
}

describe('intake by document type', () => {
  it('a foreign passport holder is saved with the entered date of birth and gender, expiry, nationality, occupation and an encrypted address', async () => {
    actAs(teller.sid);
    const { payload, number } = await passportPayload({ address: 'Room 1201, 100 Century Avenue, Shanghai' });
    const r = await action('customer.create')(null, payload);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, message: 'teller.customerCreated' });
    const id = (r as { data: { id: string } }).data.id;
    const [row] = await sql`SELECT document_type, to_char(document_expiry, 'YYYY-MM-DD') AS expiry, nationality, occupation, to_char(birth_date, 'YYYY-MM-DD') AS birth, gender,
      address_enc, address_masked, id_number_enc, id_number_last4 FROM customers WHERE id = ${id}`;
    expect(row).toMatchObject({ document_type: 'passport', expiry: payload.documentExpiry, nationality: 'GBR', occupation: 'office_clerk', birth: '1980-06-01', gender: 'male', id_number_last4: number.slice(-4) });
    expect(row!.address_enc).not.toContain('Century');
    expect(decryptPii(row!.address_enc)).toBe('Room 1201, 100 Century Avenue, Shanghai');
    expect(row!.address_masked).toBe('Room 1****');
    expect(decryptPii(row!.id_number_enc)).toBe(number);
  });

  it('the same passport again leads to the existing customer; a search by the full number finds it', async () => {
    actAs(teller.sid);
    const first = await passportPayload();
    const created = await action('customer.create')(null, first.payload);
    expect(created).toMatchObject({ ok: true });
    const again = await passportPayload();
    const r = await action('customer.create')(null, { ...again.payload, idNumber: first.number.toLowerCase(), idNumberConfirm: first.number, name: 'J. Smith', nameConfirm: 'J. Smith' });
    expect(r).toMatchObject({ ok: true, message: 'teller.customerExistsAttached', data: { id: (created as { data: { id: string } }).data.id } });
    const searchSession = await startSession(teller.id);
    const found = await action('customer.search')(null, { sessionId: searchSession, query: first.number });
    expect(found).toMatchObject({ ok: true, data: { results: [{ id: (created as { data: { id: string } }).data.id }], more: false } });
  });

  it('each wrong entry is refused at its field and nothing is saved', async () => {
    actAs(teller.sid);
    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      // Only a resident ID may be long-term; every other document needs its end date.
      [{ longTerm: 'on', documentExpiry: '' }, { documentExpiry: ['errors.longTermNotAllowed'] }],
      [{ documentExpiry: '' }, { documentExpiry: ['errors.expiryRequired'] }],
      [{ documentExpiry: '2020-01-31' }, { documentExpiry: ['errors.documentExpired::{"date":"2020-01-31"}'] }],
      [{ documentExpiry: '2031-02-30' }, { documentExpiry: ['errors.dateInvalid::{"date":"2031-02-30"}'] }],
      // A passport number carries no date of birth or gender: they must be entered.
      [{ birthDate: '', gender: '' }, { birthDate: ['errors.birthDateRequired'], gender: ['errors.genderRequired'] }],
      [{ birthDate: '2031-02-30' }, { birthDate: ['errors.dateInvalid::{"date":"2031-02-30"}'] }],
      [{ nationality: 'XYZ' }, { nationality: ['errors.nationality'] }],
      [{ occupation: 'astronaut' }, { occupation: ['errors.occupation'] }],
      [{ address: '   ' }, { address: ['errors.required'] }],
      [{ idNumber: 'E12', idNumberConfirm: 'E12' }, { idNumber: ['errors.document.length::{"length":"3","expected":"5-17"}'] }],
    ];
    for (const [overrides, fieldErrors] of cases) {
      const { payload } = await passportPayload(overrides);
      const before = await businessChecksums();
      expect(await action('customer.create')(null, payload), JSON.stringify(overrides)).toEqual({ ok: false, message: 'errors.checkFields', fieldErrors });
      expect(await businessChecksums()).toEqual(before);
    }
  });

  it('a resident ID: the date of birth and gender come from the number and an entry that contradicts them is refused; the nationality must be Chinese', async () => {
    actAs(teller.sid);
    const sessionId = await startSession(teller.id);
    const idNumber = await freshIdNumber();
    const born = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
    const base = confirmed({ sessionId, name: '钱九', idNumber, mobile: freshMobile() });
    const gender = Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
    expect(await action('customer.create')(null, { ...base, birthDate: '1970-01-01', gender: gender === 'male' ? 'female' : 'male', nationality: 'USA' })).toEqual({
      ok: false,
      message: 'errors.checkFields',
      fieldErrors: { birthDate: [`errors.birthDateContradicts::{"date":"${born}"}`], gender: ['errors.genderContradicts'], nationality: ['errors.nationalityDocument'] },
    });
    // A resident ID number typed under the passport type is refused for the passport's rules, not silently accepted.
    expect(await action('customer.create')(null, { ...base, documentType: 'hk_macao_permit', longTerm: undefined, documentExpiry: inYears(3) })).toMatchObject({
      ok: false,
      fieldErrors: { idNumber: [expect.stringMatching(/^errors\.document\./)] },
    });
    const r = await action('customer.create')(null, { ...base, birthDate: born, gender });
    expect(r).toMatchObject({ ok: true });
    const [row] = await sql`SELECT document_type, document_expiry, nationality FROM customers WHERE id = ${(r as { data: { id: string } }).data.id}`;
    expect(row).toMatchObject({ document_type: 'resident_id', document_expiry: null, nationality: 'CHN' });
  });

  it('a HK resident with a permit: the nationality follows the permit', async () => {
    actAs(teller.sid);
    const { payload } = await passportPayload({ documentType: 'hk_macao_permit', idNumber: 'H12345678', idNumberConfirm: 'H12345678', nationality: 'CHN' });
    expect(await action('customer.create')(null, payload)).toMatchObject({ ok: false, fieldErrors: { nationality: ['errors.nationalityDocument'] } });
    const number = `H${String(randomInt(10_000_000, 99_999_999))}`;
    expect(await action('customer.create')(null, { ...payload, idNumber: number, idNumberConfirm: number, nationality: 'HKG' })).toMatchObject({ ok: true });
  });

  it('the database holds one customer per document type and number, and long-term only for a resident ID', async () => {
    const [c] = await sql`SELECT document_type, id_number_index FROM customers WHERE document_type = 'resident_id' LIMIT 1`;
    await expect(sql`INSERT INTO customers (name, document_type, id_number_enc, id_number_index, id_number_last4, mobile_enc, mobile_index, mobile_last4)
      VALUES ('x', 'resident_id', 'x', ${c!.id_number_index}, '0000', 'x', 'x', '0000')`).rejects.toMatchObject({ constraint_name: 'customers_document_unique' });
    await expect(sql`INSERT INTO customers (name, document_type, id_number_enc, id_number_index, id_number_last4, mobile_enc, mobile_index, mobile_last4)
      VALUES ('x', 'passport', 'x', 'unique-index-value', '0000', 'x', 'x', '0000')`).rejects.toMatchObject({ constraint_name: 'customers_long_term_only_for' });
  });
});
