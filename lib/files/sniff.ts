export type FileKind = 'image' | 'pdf' | 'audio' | 'video';

export type SniffedType = { mime: string; ext: string; kind: FileKind };

const t = (mime: string, ext: string, kind: FileKind): SniffedType => ({ mime, ext, kind });

const JPEG = t('image/jpeg', 'jpg', 'image');
const PNG = t('image/png', 'png', 'image');
const WEBP = t('image/webp', 'webp', 'image');
const HEIC = t('image/heic', 'heic', 'image');
const HEIF = t('image/heif', 'heif', 'image');
const PDF = t('application/pdf', 'pdf', 'pdf');
const WAV = t('audio/wav', 'wav', 'audio');
const MP3 = t('audio/mpeg', 'mp3', 'audio');
const OGG_AUDIO = t('audio/ogg', 'ogg', 'audio');
const OGG_VIDEO = t('video/ogg', 'ogv', 'video');
const WEBM = t('video/webm', 'webm', 'video');
const MKV = t('video/x-matroska', 'mkv', 'video');
const MP4 = t('video/mp4', 'mp4', 'video');
const M4A = t('audio/mp4', 'm4a', 'audio');
const MOV = t('video/quicktime', 'mov', 'video');

// ISO base media (ftyp) major brands we accept. Decided by the major brand only: compatible-brand lists overlap
// (an AVIF lists mif1, a HEIC may list isom), so they would let one format pass as another.
const FTYP_BRANDS: Record<string, SniffedType> = {
  heic: HEIC, heix: HEIC, hevc: HEIC, hevx: HEIC, heim: HEIC, heis: HEIC,
  mif1: HEIF, msf1: HEIF,
  isom: MP4, iso2: MP4, iso4: MP4, iso5: MP4, iso6: MP4, mp41: MP4, mp42: MP4, avc1: MP4, dash: MP4,
  'M4V ': MP4, M4VH: MP4, M4VP: MP4, MSNV: MP4,
  'M4A ': M4A, 'M4B ': M4A,
  'qt  ': MOV,
};

function ascii(bytes: Uint8Array, start: number, length: number): string {
  if (bytes.length < start + length) return '';
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function startsWith(bytes: Uint8Array, prefix: number[], offset = 0): boolean {
  return bytes.length >= offset + prefix.length && prefix.every((b, i) => bytes[offset + i] === b);
}

function isMpegAudioFrame(b: Uint8Array): boolean {
  if (b.length < 4 || b[0] !== 0xff || (b[1]! & 0xe0) !== 0xe0) return false;
  const version = (b[1]! >> 3) & 0x3;
  const layer = (b[1]! >> 1) & 0x3;
  const bitrate = b[2]! >> 4;
  const sampleRate = (b[2]! >> 2) & 0x3;
  // Reserved values rule out random bytes; layer 0 is AAC's ADTS header, not MP3.
  return version !== 1 && layer !== 0 && bitrate !== 0xf && sampleRate !== 3;
}

/** Matroska and WebM share the EBML magic; the header's DocType element (0x4282) says which. */
function matroskaDocType(b: Uint8Array): string | null {
  const end = Math.min(b.length, 64);
  for (let i = 4; i + 3 < end; i++) {
    if (b[i] !== 0x42 || b[i + 1] !== 0x82) continue;
    const size = b[i + 2]!;
    // One-byte EBML size (1xxxxxxx); DocType strings are short.
    if ((size & 0x80) === 0) return null;
    return ascii(b, i + 3, size & 0x7f) || null;
  }
  return null;
}

function ftyp(b: Uint8Array): SniffedType | null {
  if (ascii(b, 4, 4) !== 'ftyp') return null;
  const boxSize = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  if (boxSize < 16) return null;
  return FTYP_BRANDS[ascii(b, 8, 4)] ?? null;
}

/** The file's type from its leading bytes only; null when it is none of the types the app accepts. */
export function sniffType(bytes: Uint8Array): SniffedType | null {
  const b = bytes;
  if (startsWith(b, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (ascii(b, 0, 5) === '%PDF-') return PDF;
  if (ascii(b, 0, 4) === 'RIFF') {
    const form = ascii(b, 8, 4);
    if (form === 'WEBP') return WEBP;
    if (form === 'WAVE') return WAV;
    return null;
  }
  if (ascii(b, 0, 4) === 'OggS') {
    // The first page carries the first stream's codec header (after the 27-byte page header and its segment table).
    return ascii(b, 27 + (b[26] ?? 0), 7) === '\x80theora' ? OGG_VIDEO : OGG_AUDIO;
  }
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return matroskaDocType(b) === 'matroska' ? MKV : WEBM;
  if (ascii(b, 0, 3) === 'ID3' || isMpegAudioFrame(b)) return MP3;
  return ftyp(b);
}
