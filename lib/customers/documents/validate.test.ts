import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from '@/lib/customers/id-number';
import { DOCUMENT_TYPES } from './types';
import { DOCUMENT_RULES, documentFacts, documentProblem, normaliseDocumentNumber } from './validate';

/** Builds a number with a correct check character, so only the part under test is wrong. */
const withCheck = (first17: string) => first17 + idCheckCharacter(first17);
// 2025-06-01 08:00 in Beijing.
const TODAY = new Date(Date.UTC(2025, 5, 1));

describe('normaliseDocumentNumber', () => {
  it('trims, uppercases and removes inner spaces and full-width characters', () => {
    expect(normaliseDocumentNumber('resident_id', ' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(normaliseDocumentNumber('passport', 'e１２３４５６７８')).toBe('E12345678');
    expect(normaliseDocumentNumber('hk_macao_permit', 'h\u3000123 456 78')).toBe('H12345678');
  });
});

describe('resident_id', () => {
  // 11010519491231002X is the example in GB 11643-1999 itself; the others were computed by hand with its weights.
  it.each(['11010519491231002X', '440308199001012215', '610102197506120311', '110105202402291233'])('accepts %s', (id) => {
    expect(documentProblem('resident_id', id, TODAY)).toBeNull();
  });

  it('accepts it typed with a lowercase x and spaces', () => {
    expect(documentProblem('resident_id', ' 110105 19491231 002x', TODAY)).toBeNull();
  });

  it('names the expected check character', () => {
    expect(documentProblem('resident_id', '110105194912310021', TODAY)).toEqual({ code: 'checkCharacter', values: { expected: 'X' } });
    expect(documentProblem('resident_id', '11010519491231003X', TODAY)).toEqual({ code: 'checkCharacter', values: { expected: '8' } });
    expect(documentProblem('resident_id', '44030819900101221X', TODAY)).toEqual({ code: 'checkCharacter', values: { expected: '5' } });
  });

  it.each([
    ['110105199002301238', '1990-02-30'],
    ['110105199902291235', '1999-02-29'],
    ['110105199013011230', '1990-13-01'],
    ['110105199001001230', '1990-01-00'],
    ['110105189912311237', '1899-12-31'],
  ])('reports the impossible date of birth in %s as written', (id, date) => {
    expect(documentProblem('resident_id', id, TODAY)).toEqual({ code: 'birthDateInvalid', values: { date } });
  });

  it('checks the date before the check character', () => {
    // Wrong check character too: the date is the problem worth naming.
    expect(documentProblem('resident_id', '11010520310230123X', TODAY)).toEqual({ code: 'birthDateInvalid', values: { date: '2031-02-30' } });
  });

  it('reports a date of birth after today, judged on the Beijing date', () => {
    const bornJune2 = withCheck('11010520250602123');
    expect(documentProblem('resident_id', bornJune2, TODAY)).toEqual({ code: 'birthDateFuture', values: { date: '2025-06-02' } });
    // 16:00 UTC on 1 June is already 2 June in Beijing.
    expect(documentProblem('resident_id', bornJune2, new Date('2025-06-01T16:00:00Z'))).toBeNull();
    expect(documentProblem('resident_id', bornJune2, new Date('2025-06-01T15:59:59Z'))).toMatchObject({ code: 'birthDateFuture' });
  });

  it.each([
    ['20010519900101123', '20'],
    ['00010519900101123', '00'],
    ['10010519900101123', '10'],
  ])('refuses the unknown region of %s', (first17, region) => {
    expect(documentProblem('resident_id', withCheck(first17), TODAY)).toEqual({ code: 'region', values: { region } });
  });

  it('points to the right type for a residence permit or a foreign permanent residence number', () => {
    expect(documentProblem('resident_id', '810000199001011230', TODAY)).toEqual({ code: 'documentType', values: { type: 'hmt_residence_permit' } });
    expect(documentProblem('resident_id', '91184019800515011X', TODAY)).toEqual({ code: 'documentType', values: { type: 'foreign_permanent_residence' } });
  });

  it.each([
    ['1101051949123100', '16'],
    ['1101051949123100201', '19'],
  ])('refuses %s as length %s', (id, length) => {
    expect(documentProblem('resident_id', id, TODAY)).toEqual({ code: 'length', values: { length, expected: '18' } });
  });

  it('refuses letters other than X and an X not at the end', () => {
    expect(documentProblem('resident_id', '11010519491231002Y', TODAY)).toEqual({ code: 'alphabet', values: { char: 'Y' } });
    expect(documentProblem('resident_id', '1101051949-231002X', TODAY)).toEqual({ code: 'alphabet', values: { char: '-' } });
    expect(documentProblem('resident_id', 'X10105194912310021', TODAY)).toEqual({ code: 'format' });
  });

  it('refuses an empty number', () => {
    expect(documentProblem('resident_id', '  ', TODAY)).toEqual({ code: 'empty' });
  });
});

describe('hmt_residence_permit', () => {
  it.each(['810000199001011230', '820000198512315671', '830000200002292344'])('accepts %s', (id) => {
    expect(documentProblem('hmt_residence_permit', id, TODAY)).toBeNull();
  });

  it('names the expected check character', () => {
    expect(documentProblem('hmt_residence_permit', '810000199001011231', TODAY)).toEqual({ code: 'checkCharacter', values: { expected: '0' } });
  });

  it('refuses a number not starting 810000, 820000 or 830000', () => {
    expect(documentProblem('hmt_residence_permit', '11010519491231002X', TODAY)).toEqual({ code: 'prefix', values: { prefix: '110105' } });
    expect(documentProblem('hmt_residence_permit', withCheck('81010019900101123'), TODAY)).toEqual({ code: 'prefix', values: { prefix: '810100' } });
  });

  it('applies the resident ID date rules', () => {
    expect(documentProblem('hmt_residence_permit', withCheck('82000019990229123'), TODAY)).toEqual({ code: 'birthDateInvalid', values: { date: '1999-02-29' } });
    expect(documentProblem('hmt_residence_permit', '810000203101011237', TODAY)).toEqual({ code: 'birthDateFuture', values: { date: '2031-01-01' } });
  });

  it('refuses the wrong length and characters', () => {
    expect(documentProblem('hmt_residence_permit', '81000019900101123', TODAY)).toEqual({ code: 'length', values: { length: '17', expected: '18' } });
    expect(documentProblem('hmt_residence_permit', 'H12345678', TODAY)).toEqual({ code: 'alphabet', values: { char: 'H' } });
  });
});

describe('passport', () => {
  it.each(['E12345678', 'EA1234567', 'EH7654321', 'G12345678', '123456789', 'C01X00T47', 'AB1234567', 'X1234'])('accepts %s', (number) => {
    expect(documentProblem('passport', number, TODAY)).toBeNull();
  });

  it('accepts it typed in lowercase with spaces', () => {
    expect(documentProblem('passport', ' ea 123 4567 ', TODAY)).toBeNull();
  });

  it.each([
    ['E123', '4'],
    ['E12345678901234567', '18'],
  ])('refuses %s as length %s', (number, length) => {
    expect(documentProblem('passport', number, TODAY)).toEqual({ code: 'length', values: { length, expected: '5-17' } });
  });

  it('refuses a number without a digit, and punctuation', () => {
    expect(documentProblem('passport', 'ABCDEFGH', TODAY)).toEqual({ code: 'format' });
    expect(documentProblem('passport', 'E1234-5678', TODAY)).toEqual({ code: 'alphabet', values: { char: '-' } });
    expect(documentProblem('passport', '护照E1234567', TODAY)).toEqual({ code: 'alphabet', values: { char: '护' } });
  });
});

describe('hk_macao_permit', () => {
  it.each(['H12345678', 'M87654321', 'H1234567801', 'm0123456702'])('accepts %s', (number) => {
    expect(documentProblem('hk_macao_permit', number, TODAY)).toBeNull();
  });

  it.each([
    ['H1234567', '8'],
    ['H123456789', '10'],
    ['M123456789012', '13'],
    ['H', '1'],
  ])('refuses %s as length %s', (number, length) => {
    expect(documentProblem('hk_macao_permit', number, TODAY)).toEqual({ code: 'length', values: { length, expected: '9/11' } });
  });

  it('refuses another first letter and letters after it', () => {
    expect(documentProblem('hk_macao_permit', 'C12345678', TODAY)).toEqual({ code: 'prefix', values: { prefix: 'C' } });
    expect(documentProblem('hk_macao_permit', '812345678', TODAY)).toEqual({ code: 'prefix', values: { prefix: '8' } });
    expect(documentProblem('hk_macao_permit', 'H1234567A', TODAY)).toEqual({ code: 'format' });
    expect(documentProblem('hk_macao_permit', 'H(1234567)', TODAY)).toEqual({ code: 'alphabet', values: { char: '(' } });
  });
});

describe('taiwan_permit', () => {
  it.each(['12345678', '0123456701', '12345678B0', '12345678AB'])('accepts %s', (number) => {
    expect(documentProblem('taiwan_permit', number, TODAY)).toBeNull();
  });

  it.each([
    ['1234567', '7'],
    ['123456789', '9'],
    ['12345678901', '11'],
  ])('refuses %s as length %s', (number, length) => {
    expect(documentProblem('taiwan_permit', number, TODAY)).toEqual({ code: 'length', values: { length, expected: '8/10' } });
  });

  it('refuses letters among the first 8 and brackets', () => {
    expect(documentProblem('taiwan_permit', 'T2345678', TODAY)).toEqual({ code: 'format' });
    expect(documentProblem('taiwan_permit', '1234567AB0', TODAY)).toEqual({ code: 'format' });
    expect(documentProblem('taiwan_permit', '12345678(B)', TODAY)).toEqual({ code: 'alphabet', values: { char: '(' } });
  });
});

describe('foreign_permanent_residence', () => {
  // 2023 card: 9, province 11, nationality 840, born 1980-05-15, sequence 01, gender digit, MOD 11-2 check character.
  it.each(['91184019800515011X', '911840198005150224', '93115620000229013X'])('accepts the 2023 card %s', (number) => {
    expect(documentProblem('foreign_permanent_residence', number, TODAY)).toBeNull();
  });

  it.each(['USA110805151234', 'CAN310002290001', 'gbr 440 912 310 007'])('accepts the old card %s', (number) => {
    expect(documentProblem('foreign_permanent_residence', number, TODAY)).toBeNull();
  });

  it('names the expected check character of the 2023 card', () => {
    expect(documentProblem('foreign_permanent_residence', '911840198005150110', TODAY)).toEqual({ code: 'checkCharacter', values: { expected: 'X' } });
    expect(documentProblem('foreign_permanent_residence', '911840198005150225', TODAY)).toEqual({ code: 'checkCharacter', values: { expected: '4' } });
  });

  it('applies the date rules to both cards', () => {
    expect(documentProblem('foreign_permanent_residence', '911840199902290117', TODAY)).toEqual({ code: 'birthDateInvalid', values: { date: '1999-02-29' } });
    expect(documentProblem('foreign_permanent_residence', '911840203101010110', TODAY)).toEqual({ code: 'birthDateFuture', values: { date: '2031-01-01' } });
    expect(documentProblem('foreign_permanent_residence', 'USA119902300001', TODAY)).toEqual({ code: 'birthDateInvalid', values: { date: '1999-02-30' } });
    // 2001 and 1901 are both common years.
    expect(documentProblem('foreign_permanent_residence', 'USA110102290001', TODAY)).toEqual({ code: 'birthDateInvalid', values: { date: '2001-02-29' } });
  });

  it('refuses an 18-character number not starting 9, and malformed numbers', () => {
    expect(documentProblem('foreign_permanent_residence', '11010519491231002X', TODAY)).toEqual({ code: 'prefix', values: { prefix: '1' } });
    expect(documentProblem('foreign_permanent_residence', 'US1110805151234', TODAY)).toEqual({ code: 'format' });
    expect(documentProblem('foreign_permanent_residence', '9118401980051501XX', TODAY)).toEqual({ code: 'format' });
    expect(documentProblem('foreign_permanent_residence', 'USA11080515123', TODAY)).toEqual({ code: 'length', values: { length: '14', expected: '15/18' } });
    expect(documentProblem('foreign_permanent_residence', 'USA-110805151234', TODAY)).toEqual({ code: 'alphabet', values: { char: '-' } });
  });
});

describe('documentFacts', () => {
  it('derives the date of birth and gender from the 17th digit', () => {
    expect(documentFacts('resident_id', '11010519491231002X', TODAY)).toEqual({ birthDate: '1949-12-31', gender: 'female' });
    expect(documentFacts('resident_id', '440308199001012215', TODAY)).toEqual({ birthDate: '1990-01-01', gender: 'male' });
    expect(documentFacts('hmt_residence_permit', '810000199001011230', TODAY)).toEqual({ birthDate: '1990-01-01', gender: 'male' });
    expect(documentFacts('hmt_residence_permit', '830000200002292344', TODAY)).toEqual({ birthDate: '2000-02-29', gender: 'female' });
    expect(documentFacts('foreign_permanent_residence', '91184019800515011X', TODAY)).toEqual({ birthDate: '1980-05-15', gender: 'male' });
    expect(documentFacts('foreign_permanent_residence', '911840198005150224', TODAY)).toEqual({ birthDate: '1980-05-15', gender: 'female' });
  });

  it('reads the old foreign permanent residence date in the latest century not after today, without gender', () => {
    expect(documentFacts('foreign_permanent_residence', 'USA110805151234', TODAY)).toEqual({ birthDate: '2008-05-15' });
    expect(documentFacts('foreign_permanent_residence', 'GBR449012310071', TODAY)).toEqual({ birthDate: '1990-12-31' });
    expect(documentFacts('foreign_permanent_residence', 'CAN310002290001', TODAY)).toEqual({ birthDate: '2000-02-29' });
    // 25-06-01 is today, so 2025; 25-06-02 would be tomorrow, so 1925.
    expect(documentFacts('foreign_permanent_residence', 'USA112506010001', TODAY)).toEqual({ birthDate: '2025-06-01' });
    expect(documentFacts('foreign_permanent_residence', 'USA112506020001', TODAY)).toEqual({ birthDate: '1925-06-02' });
  });

  it('derives nothing from a document without these facts, or from an invalid number', () => {
    expect(documentFacts('passport', 'E12345678', TODAY)).toEqual({});
    expect(documentFacts('resident_id', '110105194912310021', TODAY)).toEqual({});
  });
});

describe('DOCUMENT_RULES', () => {
  it('has rules for every document type', () => {
    expect(Object.keys(DOCUMENT_RULES).sort()).toEqual([...DOCUMENT_TYPES].sort());
    expect(DOCUMENT_RULES.resident_id).toEqual({ hasBirthDate: true, derivesGender: true, requiresExpiry: true });
    expect(DOCUMENT_RULES.passport.hasBirthDate).toBe(false);
  });
});
