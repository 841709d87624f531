import { luhnCheckDigit, passesLuhn } from '@/lib/accounts/luhn';

/**
 * A debit card's life (制卡与发放): applied for, produced by the card bureau, dispatched by mail or to a branch,
 * delivered into the customer's hands, activated with a card password; then frozen and unfrozen, reported lost, or
 * closed. Pure: the table is the rule, mirrored by the database's trigger (migration 0030); the two change together.
 */
export const CARD_STATES = ['requested', 'produced', 'dispatched', 'delivered', 'activated', 'frozen', 'lost', 'closed'] as const;
export type CardState = (typeof CARD_STATES)[number];

export const CARD_EVENTS = ['produce', 'dispatch', 'deliver', 'activate', 'freeze', 'unfreeze', 'report_lost', 'close'] as const;
export type CardEvent = (typeof CARD_EVENTS)[number];

/**
 * state → event → next state; anything else is refused. A card not yet in the customer's hands can only go forward or
 * be closed (the application withdrawn, or the card destroyed); a card reported lost is never used again, only closed
 * (a replacement is a new card); a closed card is final.
 */
export const CARD_TRANSITIONS: Readonly<Record<CardState, Readonly<Partial<Record<CardEvent, CardState>>>>> = {
  requested: { produce: 'produced', close: 'closed' },
  produced: { dispatch: 'dispatched', close: 'closed' },
  dispatched: { deliver: 'delivered', report_lost: 'lost', close: 'closed' },
  delivered: { activate: 'activated', report_lost: 'lost', close: 'closed' },
  activated: { freeze: 'frozen', report_lost: 'lost', close: 'closed' },
  frozen: { unfreeze: 'activated', report_lost: 'lost', close: 'closed' },
  lost: { close: 'closed' },
  closed: {},
};

export function cardTransition(state: CardState, event: CardEvent): CardState | null {
  const row = CARD_TRANSITIONS[state];
  return row && Object.hasOwn(row, event) ? (row[event] ?? null) : null;
}

export function isCardState(value: unknown): value is CardState {
  return typeof value === 'string' && (CARD_STATES as readonly string[]).includes(value);
}

/** The (from, to) pairs for the database's trigger. */
export const CARD_TRANSITION_ROWS = CARD_STATES.flatMap((from) => CARD_EVENTS.flatMap((event) => (CARD_TRANSITIONS[from][event] ? [{ from, event, to: CARD_TRANSITIONS[from][event]! }] : [])));

/** Our debit cards' issuer identification number (BIN, 发卡行识别码) and length: 19 digits with a Luhn check digit. */
export const CARD_BIN = '621731';
export const CARD_NUMBER_LENGTH = 19;

export type CardNumberCheck = 'ok' | 'format' | 'bin' | 'checkDigit';

/** Whether a produced card's number is one of ours: 19 digits, our BIN, a right Luhn check digit. */
export function checkCardNumber(value: string): CardNumberCheck {
  if (!new RegExp(`^\\d{${CARD_NUMBER_LENGTH}}$`).test(value)) return 'format';
  if (!value.startsWith(CARD_BIN)) return 'bin';
  return passesLuhn(value) ? 'ok' : 'checkDigit';
}

/** A card number of ours from a 12-digit serial (what the card bureau assigns): BIN + serial + check digit. */
export function cardNumberFromSerial(serial: string): string {
  if (!/^\d{12}$/.test(serial)) throw new Error('a card serial is 12 digits');
  const body = CARD_BIN + serial;
  return body + luhnCheckDigit(body);
}

export function maskCardNumber(last4: string): string {
  return `${CARD_BIN.slice(0, 4)} **** **** ${last4}`;
}

/**
 * The name embossed on a card: the customer's name as the bureau prints it (trimmed, inner spaces single, Latin letters
 * upper-case). Production is checked against the application with it.
 */
export function embossedForm(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toUpperCase();
}

export type PinProblem = 'format' | 'repeated' | 'sequence' | 'birthDate' | 'idNumber' | 'mobile';

/**
 * The card password's strength policy (密码强度): six digits, not one digit repeated (111111) or two alternating
 * (121212), not a run up or down (123456, 654321), and nothing a thief could read off the customer's documents: the
 * date of birth (YYMMDD or MMDDYY), the last six of the ID number or of the mobile number. Every problem is returned so
 * the customer hears all of them at once.
 */
export function pinProblems(pin: string, customer: { birthDate?: string | null; idNumber?: string | null; mobile?: string | null }): PinProblem[] {
  if (!/^\d{6}$/.test(pin)) return ['format'];
  const problems: PinProblem[] = [];
  const d = [...pin].map(Number);
  if (new Set(d).size <= 2 && d.every((x, i) => x === d[i % 2])) problems.push('repeated');
  const step = d[1]! - d[0]!;
  if ((step === 1 || step === -1) && d.every((x, i) => i === 0 || x - d[i - 1]! === step)) problems.push('sequence');
  const birth = customer.birthDate?.match(/^(\d{2})(\d{2})-(\d{2})-(\d{2})$/);
  if (birth && [birth[2]! + birth[3]! + birth[4]!, birth[3]! + birth[4]! + birth[2]!].includes(pin)) problems.push('birthDate');
  const id = customer.idNumber ?? '';
  // The last six, or the six before a check character (an ID number ending in X).
  if (id.length >= 7 && [id.slice(-6), id.slice(-7, -1)].includes(pin)) problems.push('idNumber');
  if (customer.mobile && customer.mobile.replace(/\D/g, '').slice(-6) === pin) problems.push('mobile');
  return problems;
}
