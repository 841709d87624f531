import { describe, expect, it } from 'vitest';
import { sniffType } from '@/lib/files/sniff';
import { markersFor } from './markers';
import { synthesizeCallAudio } from './wav';

describe('recording markers', () => {
  it('places events by their offset from the recording start, leaving out those outside it', () => {
    const start = new Date('2026-11-23T10:00:00Z');
    const at = (s: number) => new Date(start.getTime() + s * 1000);
    const events = [
      { id: 3, at: at(12.5), kind: 'verification.basic' },
      { id: 1, at: at(-5), kind: 'session.started' },
      { id: 2, at: at(2), kind: 'customer.identified' },
      { id: 4, at: at(90), kind: 'session.ended' },
    ];
    expect(markersFor(events, start, 60)).toEqual([
      { id: 2, kind: 'customer.identified', offset: 2 },
      { id: 3, kind: 'verification.basic', offset: 12.5 },
    ]);
    expect(markersFor(events, start).map((m) => m.id)).toEqual([2, 3, 4]);
  });
});

describe('the synthesised call audio', () => {
  it('is a real WAV file of the requested length', () => {
    const bytes = synthesizeCallAudio(2, [0.5]);
    expect(sniffType(bytes)).toMatchObject({ mime: 'audio/wav', kind: 'audio' });
    expect(bytes.byteLength).toBe(44 + 2 * 8000 * 2);
    const view = Buffer.from(bytes);
    // The tone at 0.5 s is loud; the hum before it is not.
    const peak = (from: number, to: number) => Math.max(...Array.from({ length: to - from }, (_, i) => Math.abs(view.readInt16LE(44 + (from + i) * 2))));
    expect(peak(0, 3000)).toBeLessThan(1000);
    expect(peak(4000, 6000)).toBeGreaterThan(5000);
  });
});
