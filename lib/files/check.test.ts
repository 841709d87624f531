import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkUpload, maxRecordingBytes, maxUploadBytes } from './check';
import { CATALOG, ebml, objectStream, PAGE, PAGES, pdf, png, wav } from './test-samples';

const MB = 1024 * 1024;
const docs: Parameters<typeof checkUpload>[1] = { accept: ['image', 'pdf'], maxBytes: MB };

afterEach(() => vi.unstubAllEnvs());

describe('checkUpload', () => {
  it('accepts a real PNG and reports its type, size and SHA-256', () => {
    const bytes = png();
    const result = checkUpload(bytes, docs);
    expect(result).toEqual({
      ok: true,
      type: { mime: 'image/png', ext: 'png', kind: 'image' },
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('hashes the content: one changed byte gives another hash', () => {
    const a = wav();
    const b = wav();
    b[b.length - 1] ^= 1;
    const ha = checkUpload(a, { accept: ['audio'], maxBytes: MB });
    const hb = checkUpload(b, { accept: ['audio'], maxBytes: MB });
    expect(ha.ok && hb.ok).toBe(true);
    if (ha.ok && hb.ok) {
      expect(ha.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(ha.sha256).not.toBe(hb.sha256);
    }
  });

  it('hashes exactly the bytes given (a fixed vector, computed with sha256sum)', () => {
    const result = checkUpload(new TextEncoder().encode('%PDF-'), docs);
    expect(result).toMatchObject({ ok: true, size: 5, sha256: '38523c087796e5d5dd1cf9bad1fb026781a838dd9dd2cf8af58b9f6502a46778' });
  });

  it('refuses an empty file', () => {
    expect(checkUpload(new Uint8Array(0), docs)).toEqual({ ok: false, reason: 'empty' });
  });

  it('refuses a file over the limit before looking at its type', () => {
    const bytes = new Uint8Array(MB + 1); // zeros: not any accepted type either
    expect(checkUpload(bytes, docs)).toEqual({ ok: false, reason: 'tooLarge' });
    expect(checkUpload(png(), { accept: ['image'], maxBytes: png().length - 1 })).toEqual({ ok: false, reason: 'tooLarge' });
    expect(checkUpload(png(), { accept: ['image'], maxBytes: png().length }).ok).toBe(true);
  });

  it('refuses a PDF where only images are accepted, whatever it was called', () => {
    // e.g. uploaded as "photo.png" with type image/png: neither reaches checkUpload, only the bytes do.
    const bytes = pdf([CATALOG, PAGES, PAGE]);
    expect(checkUpload(bytes, { accept: ['image'], maxBytes: MB })).toEqual({ ok: false, reason: 'wrongType' });
    expect(checkUpload(bytes, { accept: ['pdf'], maxBytes: MB })).toMatchObject({ ok: true, type: { kind: 'pdf' } });
  });

  it('refuses unknown content and kinds that are not accepted', () => {
    expect(checkUpload(new TextEncoder().encode('<html><script>alert(1)</script>'), docs)).toEqual({ ok: false, reason: 'wrongType' });
    expect(checkUpload(ebml('webm'), { accept: ['audio'], maxBytes: MB })).toEqual({ ok: false, reason: 'wrongType' });
    expect(checkUpload(ebml('webm'), { accept: ['audio', 'video'], maxBytes: MB }).ok).toBe(true);
  });

  it('refuses an encrypted PDF', () => {
    const bytes = pdf([CATALOG, PAGES, PAGE, '<< /Filter /Standard /V 1 /R 2 >>'], '/Encrypt 4 0 R ');
    expect(checkUpload(bytes, docs)).toEqual({ ok: false, reason: 'pdfEncrypted' });
  });

  it('refuses a PDF with JavaScript, including JavaScript inside an object stream', () => {
    const plain = pdf(['<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (1) >> >>', PAGES, PAGE]);
    expect(checkUpload(plain, docs)).toEqual({ ok: false, reason: 'pdfJavascript' });
    const hidden = pdf(['<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>', PAGES, PAGE, objectStream(5, ['<< /S /JavaScript /JS (1) >>'])]);
    expect(checkUpload(hidden, docs)).toEqual({ ok: false, reason: 'pdfJavascript' });
  });
});

describe('upload limits', () => {
  it('default to 10 MB for documents and 50 MB for recordings', () => {
    vi.stubEnv('AIR_COUNTER_MAX_UPLOAD_MB', undefined);
    vi.stubEnv('AIR_COUNTER_MAX_RECORDING_MB', undefined);
    expect(maxUploadBytes()).toBe(10 * MB);
    expect(maxRecordingBytes()).toBe(50 * MB);
  });

  it('read the environment in megabytes', () => {
    vi.stubEnv('AIR_COUNTER_MAX_UPLOAD_MB', '2');
    vi.stubEnv('AIR_COUNTER_MAX_RECORDING_MB', '0.5');
    expect(maxUploadBytes()).toBe(2 * MB);
    expect(maxRecordingBytes()).toBe(MB / 2);
  });

  it.each(['0', '-1', 'ten', 'Infinity'])('refuse %j', (value) => {
    vi.stubEnv('AIR_COUNTER_MAX_UPLOAD_MB', value);
    expect(() => maxUploadBytes()).toThrow('AIR_COUNTER_MAX_UPLOAD_MB');
  });
});
