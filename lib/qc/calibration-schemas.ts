import { z } from 'zod';

const uuid = z.string().uuid('errors.invalid');
/** Ids from checkboxes named `<prefix><id>`='on'. */
const checked = (rest: Record<string, string>, prefix: string) =>
  Object.entries(rest)
    .filter(([k, v]) => k.startsWith(prefix) && v === 'on')
    .map(([k]) => k.slice(prefix.length));

/** A round: its name, the scorecard, the sessions (`s_<id>` checkboxes, at least one) and the members (`m_<id>`, at least two). */
export const calibrationRoundSchema = z
  .object({ name: z.string().trim().min(2, 'errors.qc.roundName').max(80, 'errors.tooLong'), templateId: z.string().uuid('errors.qc.chooseScorecard') })
  .catchall(z.string().max(10, 'errors.invalid'))
  .transform(({ name, templateId, ...rest }) => ({ name, templateId, sessionIds: checked(rest, 's_'), memberIds: checked(rest, 'm_') }))
  .superRefine((v, ctx) => {
    if (v.sessionIds.length === 0) ctx.addIssue({ code: 'custom', path: ['sessionIds'], message: 'errors.qc.calibrationSessions' });
    if (v.memberIds.length < 2) ctx.addIssue({ code: 'custom', path: ['memberIds'], message: 'errors.qc.calibrationMembers' });
    if (v.sessionIds.some((id) => !uuid.safeParse(id).success)) ctx.addIssue({ code: 'custom', path: ['sessionIds'], message: 'errors.invalid' });
    if (v.memberIds.some((id) => !uuid.safeParse(id).success)) ctx.addIssue({ code: 'custom', path: ['memberIds'], message: 'errors.invalid' });
  });

/** A member's score of one session of a round: the scorecard's `r_/c_/p_/o_<key>` fields, as in the inspection form. */
export const calibrationScoreSchema = z.object({ roundId: uuid, sessionId: uuid }).catchall(z.string().max(1000, 'errors.tooLong'));

export const calibrationCloseSchema = z.object({ roundId: uuid });
