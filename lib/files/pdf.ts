import 'server-only';
import { constants, inflateSync } from 'node:zlib';

export type PdfInspection = { encrypted: boolean; javascript: boolean };

// Total inflated bytes of object streams we are willing to produce for one file: a guard against zip bombs.
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

// A name is `/` followed by regular characters (anything but PDF whitespace and delimiters).
const NAME = /\/[^\x00\t\n\f\r /<>[\]()%{}]*/g;
const STREAM_KEYWORD = /\bstream(?:\r\n|\n|\r)/g;

function decodeName(raw: string): string {
  return raw.includes('#') ? raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : raw;
}

function scanNames(text: string, found: PdfInspection): void {
  for (const match of text.matchAll(NAME)) {
    const name = decodeName(match[0]);
    if (name === '/Encrypt') found.encrypted = true;
    else if (name === '/JavaScript' || name === '/JS') found.javascript = true;
    if (found.encrypted && found.javascript) return;
  }
}

/**
 * Object streams (PDF 1.5+) hold dictionaries compressed, so a `/JS` key can hide in them. Yields their inflated
 * content, or `null` for one that cannot be inspected (another filter, or over the size budget).
 */
function* objectStreams(bytes: Uint8Array, text: string): Generator<string | null> {
  let budget = MAX_INFLATED_BYTES;
  let previous = 0;
  for (const match of text.matchAll(STREAM_KEYWORD)) {
    const dataStart = match.index + match[0].length;
    // Look back for `N G obj` no further than the previous stream, which keeps the scan linear in the file size.
    const before = text.slice(previous, match.index);
    previous = dataStart;
    const objStart = before.lastIndexOf('obj');
    if (objStart < 0) continue;
    const dict = before.slice(objStart).replace(NAME, decodeName);
    if (!/\/Type\s*\/ObjStm(?![^\x00\t\n\f\r /<>[\]()%{}])/.test(dict)) continue;
    // Without a filter the content is plain text, already scanned with the rest of the file.
    if (!dict.includes('/Filter')) continue;
    const plainFlate = /\/Filter\s*(?:\/FlateDecode|\[\s*\/FlateDecode\s*\])(?![^\x00\t\n\f\r /<>[\]()%{}])/.test(dict);
    // A predictor would scramble the inflated text, so it could hide names from this scan.
    if (!plainFlate || dict.includes('/Predictor')) {
      yield null;
      continue;
    }
    const length = /\/Length\s+(\d+)(?!\d)(?!\s+\d+\s+R)/.exec(dict);
    const declaredEnd = length ? dataStart + Number(length[1]) : -1;
    const dataEnd = declaredEnd > dataStart && declaredEnd <= bytes.length ? declaredEnd : text.indexOf('endstream', dataStart);
    if (dataEnd < 0) continue;
    try {
      // Sync flush keeps what a truncated stream yields, as a lenient viewer would.
      const out = inflateSync(bytes.subarray(dataStart, dataEnd), { maxOutputLength: Math.max(budget, 1), finishFlush: constants.Z_SYNC_FLUSH });
      budget -= out.length;
      yield out.toString('latin1');
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        yield null;
        return;
      }
      // Corrupt data: no viewer can read it either.
    }
  }
}

/**
 * Whether a PDF is encrypted or can run scripts. Deliberately over-inclusive: any `/Encrypt`, `/JavaScript` or `/JS`
 * name anywhere (escaped forms decoded) counts, and an object stream we cannot inspect counts as scripted, because
 * we cannot show it is not.
 */
export function inspectPdf(bytes: Uint8Array): PdfInspection {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const found: PdfInspection = { encrypted: false, javascript: false };
  scanNames(text, found);
  if (found.javascript) return found;
  for (const content of objectStreams(bytes, text)) {
    if (content === null) found.javascript = true;
    else scanNames(content, found);
    if (found.javascript) break;
  }
  return found;
}
