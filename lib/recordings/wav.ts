/**
 * A small, real WAV file (16-bit mono PCM, 8 kHz — telephone quality): a quiet line hum with a short tone at each
 * given moment. The demo seed makes its sessions' recordings with it, so playback and the timeline markers can be
 * heard and seen to line up without any recorder attached.
 */
export function synthesizeCallAudio(seconds: number, tonesAt: number[] = [], sampleRate = 8000): Uint8Array {
  const samples = Math.max(1, Math.round(seconds * sampleRate));
  const data = Buffer.alloc(samples * 2);
  const toneLength = Math.round(0.25 * sampleRate);
  for (let i = 0; i < samples; i++) {
    const t = i / sampleRate;
    let v = 600 * Math.sin(2 * Math.PI * 50 * t) + 300 * Math.sin(2 * Math.PI * 150 * t);
    for (const at of tonesAt) {
      const k = i - Math.round(at * sampleRate);
      if (k >= 0 && k < toneLength) v += 9000 * Math.sin(2 * Math.PI * 880 * t) * Math.sin((Math.PI * k) / toneLength);
    }
    data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v))), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return new Uint8Array(Buffer.concat([header, data]));
}
