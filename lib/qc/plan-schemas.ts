import { z } from 'zod';

const uuid = z.string().uuid('errors.invalid');
const whole = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,7}$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
/** An optional threshold: empty turns the rule off. */
const optional = (min: number, max: number, message: string) =>
  z
    .union([z.literal('').transform(() => null), whole(min, max, message)], { message })
    .optional()
    .transform((v) => v ?? null);
const on = z.union([z.literal('on').transform(() => true), z.literal('').transform(() => false)]).optional().transform((v) => v ?? false);

/** A plan's settings from its form: rates, the new-teller rate and weeks, and the risk rules (empty thresholds are off). */
export const planUpdateSchema = z
  .object({
    planId: uuid,
    rateKind: z.enum(['percent', 'count'], { message: 'errors.qc.rateKind' }),
    rateValue: whole(0, 1000, 'errors.qc.rate'),
    newTellerWeeks: whole(0, 52, 'errors.qc.weeks'),
    newTellerRate: whole(0, 1000, 'errors.qc.rate'),
    failedVerification: on,
    rejectedApproval: on,
    fundsOverYuan: optional(1, 100_000_000, 'errors.qc.threshold'),
    shortHandleSeconds: optional(1, 86_400, 'errors.qc.threshold'),
    longHandleSeconds: optional(1, 86_400, 'errors.qc.threshold'),
    lowSatisfaction: optional(1, 5, 'errors.qc.satisfaction'),
    active: on,
  })
  .superRefine((v, ctx) => {
    if (v.rateKind === 'percent' && v.rateValue > 100) ctx.addIssue({ code: 'custom', path: ['rateValue'], message: 'errors.qc.percent' });
    if (v.rateKind === 'percent' && v.newTellerRate > 100) ctx.addIssue({ code: 'custom', path: ['newTellerRate'], message: 'errors.qc.percent' });
    if (v.newTellerRate < v.rateValue) ctx.addIssue({ code: 'custom', path: ['newTellerRate'], message: 'errors.qc.newTellerRate' });
    if (v.shortHandleSeconds !== null && v.longHandleSeconds !== null && v.shortHandleSeconds >= v.longHandleSeconds) ctx.addIssue({ code: 'custom', path: ['longHandleSeconds'], message: 'errors.qc.handleBounds' });
  });

/** Draws a plan's current period now (instead of waiting for the job after it ends). */
/** A draw of a plan's period, named by a day in it (YYYY-MM-DD, Beijing): the period containing that day, so far. */
export const planDrawSchema = z.object({ planId: uuid, period: z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'errors.qc.drawPeriod').refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00+08:00`)), 'errors.qc.drawPeriod') });

/** An ended session added to the inspector's own list by hand, with the reason. */
export const assignByHandSchema = z.object({ sessionId: uuid, note: z.string().trim().min(4, 'errors.qc.assignReason').max(300, 'errors.tooLong') });
