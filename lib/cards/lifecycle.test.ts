import { describe, expect, it } from 'vitest';
import { passesLuhn } from '@/lib/accounts/luhn';
import { CARD_EVENTS, CARD_STATES, CARD_TRANSITION_ROWS, cardNumberFromSerial, cardTransition, checkCardNumber, embossedForm, pinProblems, type CardEvent, type CardState } from './lifecycle';

const allowed: Record<CardState, Partial<Record<CardEvent, CardState>>> = {
  requested: { produce: 'produced', close: 'closed' },
  produced: { dispatch: 'dispatched', close: 'closed' },
  dispatched: { deliver: 'delivered', report_lost: 'lost', close: 'closed' },
  delivered: { activate: 'activated', report_lost: 'lost', close: 'closed' },
  activated: { freeze: 'frozen', report_lost: 'lost', close: 'closed' },
  frozen: { unfreeze: 'activated', report_lost: 'lost', close: 'closed' },
  lost: { close: 'closed' },
  closed: {},
};

describe('card lifecycle', () => {
  it('walks requested → produced → dispatched → delivered → activated', () => {
    let s: CardState = 'requested';
    for (const e of ['produce', 'dispatch', 'deliver', 'activate'] as const) s = cardTransition(s, e)!;
    expect(s).toBe('activated');
  });

  for (const state of CARD_STATES) {
    for (const event of CARD_EVENTS) {
      const to = allowed[state][event] ?? null;
      it(`${state} --${event}--> ${to ?? 'refused'}`, () => expect(cardTransition(state, event)).toBe(to));
    }
  }

  it('refuses what is not a state or an event', () => {
    expect(cardTransition('activated', 'constructor' as CardEvent)).toBeNull();
    expect(cardTransition('nonsense' as CardState, 'produce')).toBeNull();
  });

  it('gives the database every allowed pair', () => {
    expect(CARD_TRANSITION_ROWS).toHaveLength(Object.values(allowed).reduce((n, r) => n + Object.keys(r).length, 0));
  });
});

describe('card numbers', () => {
  it('makes 19-digit numbers on our BIN with a Luhn check digit', () => {
    const n = cardNumberFromSerial('000000000017');
    expect(n).toHaveLength(19);
    expect(n.startsWith('621731')).toBe(true);
    expect(passesLuhn(n)).toBe(true);
    expect(checkCardNumber(n)).toBe('ok');
  });

  it('refuses a wrong check digit, another BIN and a wrong length', () => {
    const n = cardNumberFromSerial('123456789012');
    const wrong = n.slice(0, -1) + String((Number(n.at(-1)) + 1) % 10);
    expect(checkCardNumber(wrong)).toBe('checkDigit');
    expect(checkCardNumber('6228480012345678901')).toBe('bin');
    expect(checkCardNumber(n.slice(0, -1))).toBe('format');
    expect(checkCardNumber(`${n.slice(0, 10)}a${n.slice(11)}`)).toBe('format');
    expect(() => cardNumberFromSerial('12')).toThrow();
  });

  it('compares embossed names in the bureau’s form', () => {
    expect(embossedForm('  zhang   san ')).toBe('ZHANG SAN');
    expect(embossedForm('张三')).toBe('张三');
    expect(embossedForm('ＺＨＡＮＧ')).toBe('ZHANG');
  });
});

describe('card password strength', () => {
  const customer = { birthDate: '1990-07-15', idNumber: '110101199007153216', mobile: '13800138000' };
  it('accepts a password with nothing guessable', () => expect(pinProblems('507193', customer)).toEqual([]));
  it.each([
    ['12345', 'format'],
    ['12345a', 'format'],
    ['888888', 'repeated'],
    ['121212', 'repeated'],
    ['123456', 'sequence'],
    ['654321', 'sequence'],
    ['900715', 'birthDate'],
    ['071590', 'birthDate'],
    ['153216', 'idNumber'],
    ['138000', 'mobile'],
  ] as const)('refuses %s (%s)', (pin, problem) => expect(pinProblems(pin, customer)).toContain(problem));
  it('looks before an X check character', () => expect(pinProblems('715321', { idNumber: '11010119900715321X' })).toContain('idNumber'));
  it('knows nothing it is not told', () => expect(pinProblems('900715', {})).toEqual([]));
});
