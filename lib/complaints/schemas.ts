import { z } from 'zod';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_SEVERITIES } from './lifecycle';

/** Form fields left empty arrive as '': they mean "not given". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
const uuid = z.string().uuid('errors.invalid');
const text = (max: number, message: string) => z.string().trim().min(1, message).max(max, 'errors.tooLong');
// A Beijing wall-clock time from a datetime-local field, or a Beijing date.
const localDateTime = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$/, 'errors.complaints.receivedAt').refine((v) => !Number.isNaN(Date.parse(`${v}:00+08:00`)), 'errors.complaints.receivedAt');
// A real calendar date (2026-02-30 is refused, not rolled over to March).
const date = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'errors.date').refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'errors.date');

/** The instant of a Beijing wall-clock time given as YYYY-MM-DDTHH:mm. */
export const beijingInstant = (local: string): Date => new Date(`${local}:00+08:00`);

/**
 * Recording a complaint: from a session (the customer is the session's) or on its own (the customer named by their
 * document number). The time received defaults to now; a resolve-by date, when the recorder gives one (a regulator's
 * referral may set it), replaces the policy's.
 */
export const recordComplaintSchema = z
  .object({
    sessionId: optional(uuid),
    idNumber: optional(z.string().trim().max(40, 'errors.tooLong')),
    channel: z.enum(COMPLAINT_CHANNELS, { message: 'errors.complaints.channel' }),
    category: z.enum(COMPLAINT_CATEGORIES, { message: 'errors.complaints.category' }),
    severity: z.enum(COMPLAINT_SEVERITIES, { message: 'errors.complaints.severity' }),
    content: text(4000, 'errors.complaints.content'),
    receivedAt: optional(localDateTime),
    subjectStaffId: optional(uuid),
    caseId: optional(uuid),
    resolveBy: optional(date),
    handlerId: optional(uuid),
  })
  // Checked even when other fields are wrong too (so an empty form names the customer with the rest), unless the
  // session or document number is itself what is wrong.
  .refine((v) => !!v.sessionId || !!v.idNumber, {
    path: ['idNumber'],
    message: 'errors.complaints.customer',
    when: (payload) => typeof payload.value === 'object' && payload.value !== null && payload.issues.every((i) => i.path?.length && i.path[0] !== 'sessionId' && i.path[0] !== 'idNumber'),
  })
  .refine((v) => !v.handlerId || v.handlerId !== v.subjectStaffId, { path: ['handlerId'], message: 'errors.complaints.handlerIsSubject' });
export type RecordComplaint = z.output<typeof recordComplaintSchema>;

const complaintId = { complaintId: uuid };

export const assignComplaintSchema = z.object({ ...complaintId, handlerId: z.string({ message: 'errors.complaints.handler' }).uuid('errors.complaints.handler') });
export const investigateComplaintSchema = z.object({ ...complaintId, note: optional(z.string().trim().max(1000, 'errors.tooLong')) });
export const progressComplaintSchema = z.object({ ...complaintId, note: text(1000, 'errors.complaints.progressNote'), tellCustomer: optional(z.enum(['on'])) });

export const resolveComplaintSchema = z
  .object({
  ...complaintId,
  rootCause: text(2000, 'errors.complaints.rootCause'),
  actionTaken: text(2000, 'errors.complaints.actionTaken'),
  upheld: z.enum(['yes', 'no'], { message: 'errors.complaints.upheld' }),
  compensationYuan: optional(
    z.coerce
      .number({ message: 'errors.complaints.compensation' })
      .positive('errors.complaints.compensation')
      .max(1_000_000, 'errors.complaints.compensation')
      .refine((n) => Number.isInteger(Math.round(n * 100)) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'errors.complaints.compensation'),
  ),
  // The customer's account the compensation is credited to (through a dual-control case).
  compensationAccountId: optional(uuid),
  })
  .superRefine((v, ctx) => {
    if (v.compensationYuan !== undefined && !v.compensationAccountId) ctx.addIssue({ code: 'custom', path: ['compensationAccountId'], message: 'errors.complaints.compensationAccount' });
  });

export const feedbackComplaintSchema = z.object({
  ...complaintId,
  satisfaction: z.coerce.number({ message: 'errors.complaints.satisfaction' }).int('errors.complaints.satisfaction').min(1, 'errors.complaints.satisfaction').max(5, 'errors.complaints.satisfaction'),
  note: optional(z.string().trim().max(1000, 'errors.tooLong')),
});

export const closeComplaintSchema = z.object(complaintId);
export const reopenComplaintSchema = z.object({ ...complaintId, reason: text(1000, 'errors.complaints.reopenReason'), resolveBy: date });
