// Small real files built byte by byte for the tests of lib/files (not imported by the app).
import { crc32, deflateSync } from 'node:zlib';

const enc = (s: string) => Buffer.from(s, 'latin1');

function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([enc(type), data]);
  return Buffer.concat([u32be(data.length), body, u32be(crc32(body))]);
}

/** A valid 2x2 RGB PNG. */
export function png(): Uint8Array {
  const ihdr = Buffer.concat([u32be(2), u32be(2), Buffer.from([8, 2, 0, 0, 0])]);
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** JPEG start: SOI and a JFIF APP0 segment. */
export function jpeg(): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), enc('JFIF\0'), Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9])]);
}

function riff(form: string, chunks: Buffer): Buffer {
  const le = Buffer.alloc(4);
  le.writeUInt32LE(4 + chunks.length);
  return Buffer.concat([enc('RIFF'), le, enc(form), chunks]);
}

/** A lossless WebP RIFF container (VP8L chunk). */
export function webp(): Uint8Array {
  const vp8l = Buffer.from([0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(vp8l.length);
  return riff('WEBP', Buffer.concat([enc('VP8L'), size, vp8l]));
}

/** 16-bit mono PCM at 8 kHz: a header and `samples` samples of a 440 Hz tone. */
export function wav(samples = 800): Uint8Array {
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8); // PCM
  fmt.writeUInt16LE(1, 10); // channels
  fmt.writeUInt32LE(8000, 12);
  fmt.writeUInt32LE(16000, 16);
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(16, 22);
  const data = Buffer.alloc(8 + samples * 2);
  data.write('data', 0, 'latin1');
  data.writeUInt32LE(samples * 2, 4);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), 8 + i * 2);
  return riff('WAVE', Buffer.concat([fmt, data]));
}

/** An ISO base media file starting with its ftyp box. */
export function ftyp(major: string, compatible: string[] = []): Uint8Array {
  const body = Buffer.concat([enc(major), u32be(0), ...compatible.map(enc)]);
  const mdat = Buffer.concat([u32be(16), enc('mdat'), Buffer.alloc(8, 0xab)]);
  return Buffer.concat([u32be(8 + body.length), enc('ftyp'), body, mdat]);
}

/** An Ogg page whose first packet starts with `packetStart` (e.g. an Opus or Theora header). */
export function ogg(packetStart: Buffer): Uint8Array {
  const header = Buffer.concat([enc('OggS'), Buffer.from([0, 2]), Buffer.alloc(8), Buffer.alloc(4, 1), Buffer.alloc(4), Buffer.alloc(4)]);
  return Buffer.concat([header, Buffer.from([1, packetStart.length]), packetStart]);
}

/** An EBML header with the given DocType, then the start of a Segment. */
export function ebml(docType: string): Uint8Array {
  const fields = Buffer.concat([
    Buffer.from([0x42, 0x86, 0x81, 0x01]), // EBMLVersion 1
    Buffer.from([0x42, 0x82, 0x80 | docType.length]),
    enc(docType),
    Buffer.from([0x42, 0x87, 0x81, 0x04]), // DocTypeVersion 4
  ]);
  return Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | fields.length]), fields, Buffer.from([0x18, 0x53, 0x80, 0x67, 0x01, 0xff])]);
}

/**
 * A structurally valid PDF: numbered objects (1 is the catalog), a correct xref table and a trailer. `extraTrailer`
 * is added to the trailer dictionary.
 */
export function pdf(objects: Array<string | Buffer>, extraTrailer = ''): Uint8Array {
  const parts: Buffer[] = [enc('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    const obj = Buffer.concat([enc(`${i + 1} 0 obj\n`), typeof body === 'string' ? enc(body) : body, enc('\nendobj\n')]);
    offsets.push(length);
    parts.push(obj);
    length += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(enc(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${extraTrailer}>>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** A stream object body: `<< dict /Length n >> stream ... endstream`. */
export function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([enc(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, enc('\nendstream')]);
}

/** An object stream holding `objects` (numbered from `firstNumber`), deflated unless `filter` is 'none'. */
export function objectStream(firstNumber: number, objects: string[], filter: 'flate' | 'none' = 'flate'): Buffer {
  let offset = 0;
  const index: string[] = [];
  for (const [i, obj] of objects.entries()) {
    index.push(`${firstNumber + i} ${offset}`);
    offset += obj.length + 1;
  }
  const header = `${index.join(' ')} `;
  const content = enc(header + objects.join(' '));
  const dict = `/Type /ObjStm /N ${objects.length} /First ${header.length}`;
  return filter === 'flate' ? stream(`${dict} /Filter /FlateDecode`, deflateSync(content)) : stream(dict, content);
}

export const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
export const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
export const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>';
