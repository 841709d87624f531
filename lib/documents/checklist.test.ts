import { describe, expect, it } from 'vitest';
import { checklistConfigSchema, checklistState, customerTypeOf, DEFAULT_CHECKLIST, forDocumentType, requiredDocuments, validityFlag } from './checklist';

describe('the document checklist', () => {
  it('lists what each business needs by kind of customer, and nothing for business it does not list', () => {
    expect(requiredDocuments(DEFAULT_CHECKLIST, 'open_account', 'individual')).toEqual(['id_front', 'id_back', 'application_form']);
    expect(requiredDocuments(DEFAULT_CHECKLIST, 'open_account', 'enterprise')).toEqual(['business_licence', 'legal_rep_id', 'authorisation_letter', 'application_form']);
    expect(requiredDocuments(DEFAULT_CHECKLIST, 'open_account', 'minor')).toContain('guardianship_proof');
    expect(requiredDocuments(DEFAULT_CHECKLIST, 'open_account', 'foreigner')).toEqual(['passport_page', 'application_form']);
    expect(requiredDocuments(DEFAULT_CHECKLIST, 'transfer_external', 'individual')).toEqual([]);
  });

  it('asks a permit holder for their permit where others show the ID card', () => {
    const kinds = requiredDocuments(DEFAULT_CHECKLIST, 'open_account', 'individual');
    expect(forDocumentType(kinds, 'hk_macao_permit')).toEqual(['permit', 'application_form']);
    expect(forDocumentType(kinds, 'resident_id')).toEqual(kinds);
  });

  it('the default configuration is valid configuration', () => {
    expect(checklistConfigSchema.safeParse(DEFAULT_CHECKLIST).success).toBe(true);
    expect(checklistConfigSchema.safeParse({ open_account: { individual: ['passport_scan'] } }).success).toBe(false);
  });

  it('knows the kind of customer', () => {
    expect(customerTypeOf({ kind: 'enterprise', documentType: 'credit_code', minor: false })).toBe('enterprise');
    expect(customerTypeOf({ kind: 'individual', documentType: 'resident_id', minor: true })).toBe('minor');
    expect(customerTypeOf({ kind: 'individual', documentType: 'passport', minor: false })).toBe('foreigner');
    expect(customerTypeOf({ kind: 'individual', documentType: 'hk_macao_permit', minor: false })).toBe('individual');
  });

  it('rolls documents up: missing, uploaded, accepted, rejected; the newest of a kind counts', () => {
    const t = (s: number) => new Date(Date.UTC(2026, 10, 24, 0, 0, s));
    const required = ['id_front', 'id_back', 'application_form'] as const;
    let s = checklistState(required, [{ kind: 'id_front', status: 'accepted', createdAt: t(1) }]);
    expect(s.items.map((i) => i.state)).toEqual(['accepted', 'missing', 'missing']);
    expect(s.complete).toBe(false);
    s = checklistState(required, [
      { kind: 'id_front', status: 'accepted', createdAt: t(1) },
      { kind: 'id_back', status: 'rejected', createdAt: t(2) },
      { kind: 'application_form', status: 'uploaded', createdAt: t(3) },
    ]);
    expect(s).toMatchObject({ complete: false, rejected: true });
    s = checklistState(required, [
      { kind: 'id_front', status: 'accepted', createdAt: t(1) },
      { kind: 'id_back', status: 'rejected', createdAt: t(2) },
      { kind: 'id_back', status: 'accepted', createdAt: t(4) },
      { kind: 'application_form', status: 'accepted', createdAt: t(3) },
      { kind: 'other', status: 'rejected', createdAt: t(5) },
    ]);
    expect(s).toMatchObject({ complete: true, rejected: false });
    expect(checklistState([], []).complete).toBe(true);
  });

  it('flags a document expired, or expiring before the case can end', () => {
    expect(validityFlag('2026-11-23', '2026-11-24', null)).toBe('expired');
    expect(validityFlag('2026-11-25', '2026-11-24', '2026-11-30')).toBe('expiresDuringCase');
    expect(validityFlag('2036-11-25', '2026-11-24', '2026-11-30')).toBeNull();
    expect(validityFlag(null, '2026-11-24', null)).toBeNull();
  });
});
