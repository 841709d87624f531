import { z } from 'zod';
import { messageWith } from '@/lib/actions/result';
import { chinaDate, isRealIsoDate } from './documents/dates';
import { normaliseCreditCode } from './documents/credit-code';
import { DOCUMENT_TYPES } from './documents/types';
import { normaliseDocumentNumber } from './documents/validate';
import { INDUSTRIES } from './profile';
import { checkSecondEntries, creditCodeMessage, documentMessage, emailField, str, languageField, mobileField, nameField } from '@/lib/sessions/schemas';

const isoDate = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date')]).optional();

/**
 * Enterprise intake (企业客户): name and unified social credit code entered twice (二次确认), the licence end date (or
 * long-term), industry, business scope, registered address, the reserved mobile for one-time codes, the legal
 * representative with their identity document, and optionally an authorised agent with the end of their letter of
 * authorisation (all of the agent's fields, or none).
 */
export const createEnterpriseSchema = z
  .object({
    sessionId: z.string().uuid('errors.invalid'),
    name: z.string().trim().min(1, 'errors.required').max(100, 'errors.tooLong'),
    nameConfirm: z.string().trim().min(1, 'errors.confirmRequired'),
    creditCode: z.string().trim().min(1, 'errors.required').max(30, 'errors.tooLong'),
    creditCodeConfirm: z.string().trim().min(1, 'errors.confirmRequired'),
    licenceExpiry: isoDate,
    longTerm: z.literal('on').optional(),
    industry: z.enum(INDUSTRIES, { message: 'errors.industry' }),
    businessScope: z.string().trim().min(1, 'errors.required').max(500, 'errors.tooLong'),
    registeredAddress: z.string().trim().min(1, 'errors.required').max(200, 'errors.tooLong'),
    mobile: mobileField,
    mobileConfirm: z.string().trim().min(1, 'errors.confirmRequired'),
    email: emailField,
    language: languageField,
    legalRepName: nameField,
    legalRepDocumentType: z.enum(DOCUMENT_TYPES, { message: 'errors.documentType' }),
    legalRepIdNumber: z.string().trim().min(1, 'errors.required').max(40, 'errors.tooLong'),
    agentName: z.string().trim().max(50, 'errors.tooLong').optional(),
    agentDocumentType: z.enum(['', ...DOCUMENT_TYPES], { message: 'errors.documentType' }).optional(),
    agentIdNumber: z.string().trim().max(40, 'errors.tooLong').optional(),
    agentAuthorisedUntil: isoDate,
  })
  .superRefine(
    (v, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      const code = str(v.creditCode)?.trim();
      if (code) {
        const problem = creditCodeMessage(code);
        if (problem) issue('creditCode', problem);
      }
      const expiry = str(v.licenceExpiry);
      if (!v.longTerm && !expiry) issue('licenceExpiry', 'errors.expiryRequired');
      else if (expiry && !v.longTerm && /^\d{4}-\d{2}-\d{2}$/.test(expiry)) {
        if (!isRealIsoDate(expiry)) issue('licenceExpiry', messageWith('errors.dateInvalid', { date: expiry }));
        else if (expiry < chinaDate(new Date())) issue('licenceExpiry', messageWith('errors.licenceExpired', { date: expiry }));
      }
      const repType = str(v.legalRepDocumentType);
      const repNumber = str(v.legalRepIdNumber)?.trim();
      if (repType && repNumber && (DOCUMENT_TYPES as readonly string[]).includes(repType)) {
        const problem = documentMessage(repType as (typeof DOCUMENT_TYPES)[number], repNumber);
        if (problem) issue('legalRepIdNumber', problem);
      }
      // An agent is all or nothing: once any of their fields is filled, every one is required.
      const agent = { agentName: str(v.agentName), agentDocumentType: str(v.agentDocumentType), agentIdNumber: str(v.agentIdNumber), agentAuthorisedUntil: str(v.agentAuthorisedUntil) };
      if (Object.values(agent).some(Boolean)) {
        for (const [field, value] of Object.entries(agent)) if (!value) issue(field, 'errors.agentIncomplete');
        if (agent.agentDocumentType && agent.agentIdNumber && (DOCUMENT_TYPES as readonly string[]).includes(agent.agentDocumentType)) {
          const problem = documentMessage(agent.agentDocumentType as (typeof DOCUMENT_TYPES)[number], agent.agentIdNumber);
          if (problem) issue('agentIdNumber', problem);
        }
        const until = agent.agentAuthorisedUntil;
        if (until && /^\d{4}-\d{2}-\d{2}$/.test(until)) {
          if (!isRealIsoDate(until)) issue('agentAuthorisedUntil', messageWith('errors.dateInvalid', { date: until }));
          else if (until < chinaDate(new Date())) issue('agentAuthorisedUntil', messageWith('errors.authorisationEnded', { date: until }));
        }
      }
      checkSecondEntries(v, [['name', 'nameConfirm'], ['creditCode', 'creditCodeConfirm'], ['mobile', 'mobileConfirm']], issue);
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .transform((v) => ({
    sessionId: v.sessionId,
    name: v.name,
    creditCode: normaliseCreditCode(v.creditCode),
    licenceExpiry: v.longTerm ? null : v.licenceExpiry!,
    industry: v.industry,
    businessScope: v.businessScope,
    registeredAddress: v.registeredAddress,
    mobile: v.mobile,
    email: v.email,
    language: v.language,
    legalRep: { name: v.legalRepName, documentType: v.legalRepDocumentType, idNumber: normaliseDocumentNumber(v.legalRepDocumentType, v.legalRepIdNumber) },
    agent:
      v.agentName && v.agentDocumentType && v.agentIdNumber && v.agentAuthorisedUntil
        ? { name: v.agentName, documentType: v.agentDocumentType, idNumber: normaliseDocumentNumber(v.agentDocumentType, v.agentIdNumber), authorisedUntil: v.agentAuthorisedUntil }
        : undefined,
  }));
export type EnterpriseIntake = z.output<typeof createEnterpriseSchema>;
