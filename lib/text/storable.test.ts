import { describe, expect, it } from 'vitest';
import { isStorableText, storableCopy, unstorableTextPaths } from './storable';

describe('storable text', () => {
  it('refuses NUL and lone surrogates, keeps every other character', () => {
    expect(isStorableText('名字 🏦 e\u0301 \u202e\u200b')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\ud800')).toBe(false);
    expect(isStorableText('\udfff x')).toBe(false);
  });

  it('names the paths of bad strings and bad keys in parsed input', () => {
    expect(unstorableTextPaths({ note: 'ok', reason: 'x\u0000', items: ['a', '\ud800'], nested: { ['k\u0000']: 'v' }, n: 1, d: new Date(0) })).toEqual(['reason', 'items.1', 'nested.k\u0000']);
    expect(unstorableTextPaths('\u0000')).toEqual(['_form']);
    expect(unstorableTextPaths({ a: 'fine', b: [1, null] })).toEqual([]);
  });

  it('copies a record with the bad characters replaced, keys included', () => {
    expect(storableCopy({ fields: ['\u0000', 'ok'], ['\ud800']: { x: 'a\u0000' }, n: 2 })).toEqual({ fields: ['\ufffd', 'ok'], ['\ufffd']: { x: 'a\ufffd' }, n: 2 });
  });
});
