import type { DocumentType } from './documents/types';
import { chinaDate } from './documents/dates';

/**
 * Nationalities the intake form offers, as ISO 3166-1 alpha-3 codes (the code the old foreign permanent residence card
 * carries) with their alpha-2 twin for the locale's country names (Intl.DisplayNames). HKG, MAC and TWN are regions of
 * China: screens name them as such ("中国香港"), never as countries.
 */
export const NATIONALITIES = {
  CHN: 'CN', HKG: 'HK', MAC: 'MO', TWN: 'TW',
  USA: 'US', GBR: 'GB', CAN: 'CA', AUS: 'AU', NZL: 'NZ', JPN: 'JP', KOR: 'KR', SGP: 'SG', MYS: 'MY', THA: 'TH', VNM: 'VN',
  IDN: 'ID', PHL: 'PH', IND: 'IN', PAK: 'PK', RUS: 'RU', DEU: 'DE', FRA: 'FR', ITA: 'IT', ESP: 'ES', NLD: 'NL', CHE: 'CH',
  BRA: 'BR', MEX: 'MX', ZAF: 'ZA', NGA: 'NG', EGY: 'EG', ARE: 'AE', SAU: 'SA', TUR: 'TR', KAZ: 'KZ', MNG: 'MN', MMR: 'MM',
  LAO: 'LA', KHM: 'KH', IRN: 'IR', PRK: 'KP', SYR: 'SY', AFG: 'AF', YEM: 'YE',
} as const satisfies Record<string, string>;
export type Nationality = keyof typeof NATIONALITIES;
export const NATIONALITY_CODES = Object.keys(NATIONALITIES) as Nationality[];

export function isNationality(value: string): value is Nationality {
  return Object.hasOwn(NATIONALITIES, value);
}

/** Occupation groups after GB/T 6565 (职业分类), plus the cash-intensive trades anti-money-laundering rules single out. */
export const OCCUPATIONS = [
  'civil_servant',
  'professional',
  'office_clerk',
  'business_service',
  'manufacturing',
  'agriculture',
  'military',
  'student',
  'retired',
  'unemployed',
  'self_employed',
  'precious_metals_dealer',
  'cash_intensive_business',
  'other',
] as const;
export type Occupation = (typeof OCCUPATIONS)[number];

/** An enterprise's industry (行业), the enterprise counterpart of an occupation for risk assessment. */
export const INDUSTRIES = [
  'manufacturing',
  'wholesale_retail',
  'technology',
  'construction',
  'real_estate',
  'finance',
  'logistics',
  'hospitality',
  'agriculture',
  'import_export',
  'precious_metals',
  'money_services',
  'cash_intensive',
  'other',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

export const CUSTOMER_KINDS = ['individual', 'enterprise'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

/**
 * The nationality a document implies, or null when the holder may be of several: a resident ID or a HK/Macao/Taiwan
 * permit names its holder's place; a residence permit's prefix does (810000 Hong Kong, 820000 Macao, 830000 Taiwan).
 */
export function impliedNationality(type: DocumentType, number: string): Nationality[] | null {
  switch (type) {
    case 'resident_id':
      return ['CHN'];
    case 'hk_macao_permit':
      return number.startsWith('M') ? ['MAC'] : ['HKG'];
    case 'taiwan_permit':
      return ['TWN'];
    case 'hmt_residence_permit':
      return [({ '810000': 'HKG', '820000': 'MAC', '830000': 'TWN' } as const)[number.slice(0, 6) as '810000'] ?? 'HKG'];
    case 'foreign_permanent_residence':
      return NATIONALITY_CODES.filter((c) => !['CHN', 'HKG', 'MAC', 'TWN'].includes(c));
    case 'passport':
      return null;
  }
}

/** Only a resident ID (or an enterprise's business licence) may be long-term (长期, issued to holders aged 46 and over); every other document has an end date. */
export function mayBeLongTerm(type: DocumentType | 'credit_code'): boolean {
  // A business licence may be 长期 too (营业期限：长期).
  return type === 'resident_id' || type === 'credit_code';
}

/** Document kinds a case collects (shared with document review). */
export const DOCUMENT_KINDS = [
  'id_card_front',
  'id_card_back',
  'passport_page',
  'permit',
  'application_form',
  'authorisation_letter',
  'proof_of_address',
  'business_licence',
  'legal_rep_id',
  'proof_of_guardianship',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * The documents to collect from a customer for their identity document type: a foreigner's list follows their document
 * (a foreign passport needs the visa or residence permit that lets them stay). A minor's guardian (法定代理人) adds their
 * own identity document and proof of guardianship.
 */
export function identityDocumentList(v: { documentType: DocumentType | 'credit_code'; nationality: string; minor: boolean; agents?: number }): DocumentKind[] {
  // An enterprise: its licence and its legal representative's identity document; each authorised agent brings a letter.
  if (v.documentType === 'credit_code') return ['business_licence', 'legal_rep_id', ...(v.agents ? (['authorisation_letter'] as const) : [])];
  const base: Record<DocumentType, DocumentKind[]> = {
    resident_id: ['id_card_front', 'id_card_back'],
    passport: v.nationality === 'CHN' ? ['passport_page'] : ['passport_page', 'permit'],
    hk_macao_permit: ['permit'],
    taiwan_permit: ['permit'],
    hmt_residence_permit: ['id_card_front', 'id_card_back'],
    foreign_permanent_residence: ['id_card_front', 'id_card_back', 'passport_page'],
  };
  return [...base[v.documentType], ...(v.minor ? (['legal_rep_id', 'proof_of_guardianship'] as const) : [])];
}

export type ExpiryState = 'long_term' | 'valid' | 'expiring' | 'expired';

/** Expired on the day after its end date (Beijing calendar); "expiring" within `windowDays` (default 30) of it. */
export function expiryState(expiry: string | null, today: Date = new Date(), windowDays = 30): ExpiryState {
  if (expiry === null) return 'long_term';
  const todayStr = chinaDate(today);
  if (expiry < todayStr) return 'expired';
  const limit = chinaDate(new Date(today.getTime() + windowDays * 86_400_000));
  return expiry <= limit ? 'expiring' : 'valid';
}

/** The masked form of an address that screens show: the first six characters (province and city) and nothing more. */
export function maskAddress(address: string): string {
  const chars = [...address.trim()];
  return chars.length <= 6 ? `${chars.slice(0, 2).join('')}****` : `${chars.slice(0, 6).join('')}****`;
}
