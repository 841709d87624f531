import { z } from 'zod';
import type { DocumentType } from './documents/types';
import { maskIdNumber } from './id-number';
import { maskFullMobile } from './mobile';
import type { RiskLevel } from './risk';

/** What changes a customer's record under dual control: the information-change cases, and a supervisor's risk level override (a request). */
export const REQUEST_TYPES = ['change_mobile', 'change_name', 'change_document', 'change_birth_date', 'risk_override'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** The field of the record each request changes, as the change history names it. */
export const REQUEST_FIELD: Record<RequestType, 'mobile' | 'name' | 'document' | 'birth_date' | 'risk_level'> = {
  change_mobile: 'mobile',
  change_name: 'name',
  change_document: 'document',
  change_birth_date: 'birth_date',
  risk_override: 'risk_level',
};

/** A document as a change request carries it (sealed as JSON): type, number and end date (null: long-term). */
export const documentValueSchema = z.object({ type: z.string(), number: z.string(), expiry: z.string().nullable() });
export type DocumentValue = { type: DocumentType | 'credit_code'; number: string; expiry: string | null };

/** An override sets a level, or lifts the override ('none') so the model's level applies again. */
export type OverrideValue = RiskLevel | 'none';

/** A request value as a screen may show it: masked where personal, with what the screen translates itself. */
export type DisplayValue = { text: string; documentType?: DocumentType | 'credit_code'; expiry?: string | null; riskLevel?: OverrideValue };

export function displayValue(type: RequestType, plain: string): DisplayValue {
  switch (type) {
    case 'change_mobile':
      return { text: maskFullMobile(plain) };
    case 'change_name':
      return { text: plain };
    case 'change_document': {
      const doc = documentValueSchema.parse(JSON.parse(plain)) as DocumentValue;
      return { text: maskIdNumber(doc.number.slice(-4)), documentType: doc.type, expiry: doc.expiry };
    }
    case 'change_birth_date':
      return { text: plain ? `${plain.slice(0, 4)}-**-**` : '' };
    case 'risk_override':
      return { text: plain, riskLevel: plain as OverrideValue };
  }
}

/** The masked text the change history keeps (it never holds a full personal value). */
export function historyText(type: RequestType, plain: string): string {
  const shown = displayValue(type, plain);
  if (type === 'change_document') return `${shown.documentType} ${shown.text} ${shown.expiry ?? 'long_term'}`;
  return shown.text;
}
