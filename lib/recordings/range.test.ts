import { describe, expect, it } from 'vitest';
import { parseByteRange } from './range';

describe('byte ranges for playback', () => {
  it('reads the three forms, clamped to the object and the chunk size', () => {
    expect(parseByteRange('bytes=0-99', 1000, 4096)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange('bytes=900-', 1000, 4096)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=-100', 1000, 4096)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=0-', 10_000, 4096)).toEqual({ start: 0, end: 4095 });
    expect(parseByteRange('bytes=990-5000', 1000, 4096)).toEqual({ start: 990, end: 999 });
  });

  it('answers whole without a usable header, and refuses a range past the end', () => {
    expect(parseByteRange(null, 1000, 4096)).toBeUndefined();
    expect(parseByteRange('bytes=0-1,5-9', 1000, 4096)).toBeUndefined();
    expect(parseByteRange('items=0-1', 1000, 4096)).toBeUndefined();
    expect(parseByteRange('bytes=1000-', 1000, 4096)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=500-400', 1000, 4096)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-0', 1000, 4096)).toBe('unsatisfiable');
  });
});
