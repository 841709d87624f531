import { describe, expect, it } from 'vitest';
import { expiryState, identityDocumentList, impliedNationality, mayBeLongTerm, maskAddress } from './profile';
import { DEFAULT_RISK_MODEL, assessRisk } from './risk';

const today = new Date('2026-11-23T20:00:00Z'); // 2026-11-24 in Beijing

describe('document end dates', () => {
  it('on the Beijing calendar: expired the day after the end date, expiring within the window', () => {
    expect(expiryState(null, today)).toBe('long_term');
    expect(expiryState('2026-11-23', today)).toBe('expired');
    expect(expiryState('2026-11-24', today)).toBe('expiring');
    expect(expiryState('2026-12-24', today)).toBe('expiring');
    expect(expiryState('2026-12-25', today)).toBe('valid');
    expect(expiryState('2026-12-05', today, 7)).toBe('valid');
  });

  it('only a resident ID or a business licence may be long-term', () => {
    expect(mayBeLongTerm('resident_id')).toBe(true);
    expect(mayBeLongTerm('credit_code')).toBe(true);
    expect(mayBeLongTerm('passport')).toBe(false);
    expect(mayBeLongTerm('hmt_residence_permit')).toBe(false);
  });
});

describe('what a document says about its holder', () => {
  it('the nationality or region a document implies', () => {
    expect(impliedNationality('resident_id', '11010519491231002X')).toEqual(['CHN']);
    expect(impliedNationality('hk_macao_permit', 'H12345678')).toEqual(['HKG']);
    expect(impliedNationality('hk_macao_permit', 'M12345678')).toEqual(['MAC']);
    expect(impliedNationality('taiwan_permit', '12345678')).toEqual(['TWN']);
    expect(impliedNationality('hmt_residence_permit', '830000199001010012')).toEqual(['TWN']);
    expect(impliedNationality('passport', 'E12345678')).toBeNull();
    const foreign = impliedNationality('foreign_permanent_residence', '9')!;
    expect(foreign).toContain('USA');
    expect(foreign).not.toContain('CHN');
    expect(foreign).not.toContain('HKG');
  });

  it('the documents to collect per document type, for a minor, and for an enterprise with an agent', () => {
    expect(identityDocumentList({ documentType: 'resident_id', nationality: 'CHN', minor: false })).toEqual(['id_card_front', 'id_card_back']);
    expect(identityDocumentList({ documentType: 'resident_id', nationality: 'CHN', minor: true })).toEqual(['id_card_front', 'id_card_back', 'legal_rep_id', 'proof_of_guardianship']);
    expect(identityDocumentList({ documentType: 'passport', nationality: 'CHN', minor: false })).toEqual(['passport_page']);
    expect(identityDocumentList({ documentType: 'passport', nationality: 'GBR', minor: false })).toEqual(['passport_page', 'permit']);
    expect(identityDocumentList({ documentType: 'credit_code', nationality: 'CHN', minor: false })).toEqual(['business_licence', 'legal_rep_id']);
    expect(identityDocumentList({ documentType: 'credit_code', nationality: 'CHN', minor: false, agents: 1 })).toEqual(['business_licence', 'legal_rep_id', 'authorisation_letter']);
  });

  it('an address is masked to its first six characters', () => {
    expect(maskAddress('上海市徐汇区漕溪北路 88 号')).toBe('上海市徐汇区****');
    expect(maskAddress('北京')).toBe('北京****');
  });
});

describe('an enterprise is assessed by its industry, not an age band or occupation', () => {
  it('money services alone make an enterprise medium risk', () => {
    const a = assessRisk(DEFAULT_RISK_MODEL, { kind: 'enterprise', documentType: 'credit_code', documentExpiry: null, birthDate: null, occupation: null, industry: 'money_services', nationality: 'CHN', locksInWindow: 0, fraudInWindow: false }, { today });
    expect(a.contributions.map((c) => c.factor)).toEqual(['documentType', 'documentValidity', 'industry', 'nationality', 'verificationLocks', 'fraudFlag']);
    expect(a).toMatchObject({ score: 40, level: 'medium' });
  });
});
