import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, creditCodeProblem, normaliseCreditCode } from './credit-code';

describe('creditCodeProblem', () => {
  // The sample in GB 32100 material, and published codes of large companies; each was checked by hand against the weights.
  it.each(['91350100M000100Y43', '914403001922038216', '9144030071526726XG', '91110108551385082Q'])('accepts the published code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it.each([
    ['51110000500000000B', 'social organisation (民政)'],
    ['N2110000MA00000001', 'village collective (农业)'],
    ['31110000E00017525U', 'law firm (司法行政)'],
    ['Y1110000MA00000A06', 'other authority'],
    ['A1000000000000000J', 'military reform office'],
  ])('accepts %s, a code of another registration authority: %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it('computes the check character, letters included', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckCharacter('91110108551385082')).toBe('Q');
    expect(creditCodeCheckCharacter('9144030071526726X')).toBe('G');
    expect(creditCodeCheckCharacter('91440300192203821')).toBe('6');
  });

  it('names the expected check character when it is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toEqual({ code: 'checkCharacter', values: { expected: '3' } });
    expect(creditCodeProblem('91110108551385082R')).toEqual({ code: 'checkCharacter', values: { expected: 'Q' } });
    expect(creditCodeProblem('914403001922038215')).toEqual({ code: 'checkCharacter', values: { expected: '6' } });
  });

  it('catches two swapped characters', () => {
    expect(creditCodeProblem('91350100M001000Y43')).toMatchObject({ code: 'checkCharacter' });
  });

  it('normalises case, spaces and full-width characters', () => {
    expect(normaliseCreditCode(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    expect(normaliseCreditCode('9135 0100 M000 100Y 43')).toBe('91350100M000100Y43');
    expect(normaliseCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43');
    expect(creditCodeProblem('91350100m000100y43')).toBeNull();
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the letter %s, outside the alphabet', (letter) => {
    expect(creditCodeProblem(`91350100${letter}000100Y43`)).toEqual({ code: 'alphabet', values: { char: letter } });
  });

  it('reports the first offending character, lowercase ones after uppercasing', () => {
    expect(creditCodeProblem('9135-0100M000100Y4O')).toEqual({ code: 'alphabet', values: { char: '-' } });
    expect(creditCodeProblem('91350100o000100Y43')).toEqual({ code: 'alphabet', values: { char: 'O' } });
  });

  it.each([
    ['91350100M000100Y4', '17'],
    ['91350100M000100Y433', '19'],
    ['9', '1'],
  ])('refuses %s as length %s', (code, length) => {
    expect(creditCodeProblem(code)).toEqual({ code: 'length', values: { length, expected: '18' } });
  });

  it('refuses an empty code', () => {
    expect(creditCodeProblem('   ')).toEqual({ code: 'empty' });
  });

  it('refuses an unknown registration authority even with a right check character', () => {
    expect(creditCodeProblem('01350100000000000T')).toEqual({ code: 'authority', values: { char: '0' } });
    expect(creditCodeProblem('B1350100000000000' + creditCodeCheckCharacter('B1350100000000000'))).toEqual({ code: 'authority', values: { char: 'B' } });
  });
});
