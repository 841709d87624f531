import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inspectPdf } from './pdf';
import { CATALOG, objectStream, PAGE, PAGES, pdf, stream } from './test-samples';

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const CLEAN = { encrypted: false, javascript: false };

describe('inspectPdf', () => {
  it('passes a plain one-page PDF', () => {
    expect(inspectPdf(pdf([CATALOG, PAGES, PAGE]))).toEqual(CLEAN);
  });

  it('passes a page whose compressed content stream and text only mention scripts in words', () => {
    const content = stream('/Filter /FlateDecode', deflateSync(Buffer.from('BT /F1 12 Tf (JavaScript is mentioned here) Tj ET')));
    const page = '<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots [] /JSX 1 >>';
    expect(inspectPdf(pdf([CATALOG, PAGES, page, content]))).toEqual(CLEAN);
  });

  it('finds a JavaScript open action', () => {
    const catalog = '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>';
    const action = '<< /S /JavaScript /JS (app.alert\\(1\\)) >>';
    expect(inspectPdf(pdf([catalog, PAGES, PAGE, action]))).toEqual({ encrypted: false, javascript: true });
  });

  it('finds a /JS key on its own (e.g. in a link annotation action)', () => {
    const annot = '<< /Type /Annot /Subtype /Link /A << /JS 5 0 R >> >>';
    expect(inspectPdf(pdf([CATALOG, PAGES, PAGE, annot, '(this.print\\(\\))'])).javascript).toBe(true);
  });

  it.each(['/J#61vaScript', '/#4A#61#76#61#53#63#72#69#70#74', '/#4aS', '/J#53'])('decodes the escaped name %s', (name) => {
    const catalog = `<< /Type /Catalog /Pages 2 0 R /Names << ${name} 4 0 R >> >>`;
    const bytes = pdf([catalog, PAGES, PAGE, '<< /Names [] >>']);
    expect(latin1(bytes)).not.toMatch(/\/JavaScript|\/JS\b/);
    expect(inspectPdf(bytes).javascript).toBe(true);
  });

  it('finds an /Encrypt entry in the trailer', () => {
    const encryptDict = '<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <00> /U <00> >>';
    const bytes = pdf([CATALOG, PAGES, PAGE, encryptDict], '/Encrypt 4 0 R /ID [<01><01>] ');
    expect(inspectPdf(bytes)).toEqual({ encrypted: true, javascript: false });
  });

  it('finds an escaped /Encrypt', () => {
    expect(inspectPdf(pdf([CATALOG, PAGES, PAGE, '<< >>'], '/#45ncrypt 4 0 R ')).encrypted).toBe(true);
  });

  it('finds JavaScript hidden in a compressed object stream', () => {
    const catalog = '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>';
    const hidden = objectStream(5, ['<< /S /JavaScript /JS (app.alert\\(1\\)) >>']);
    const bytes = pdf([catalog, PAGES, PAGE, hidden]);
    // The scripts are invisible in the raw bytes: only inflating the object stream reveals them.
    expect(latin1(bytes)).not.toMatch(/JavaScript|\/JS/);
    expect(inspectPdf(bytes)).toEqual({ encrypted: false, javascript: true });
  });

  it('finds an escaped name inside a compressed object stream whose dictionary is escaped too', () => {
    const hidden = Buffer.from(latin1(objectStream(5, ['<< /S /J#61vaScript >>'])).replace('/ObjStm', '/Obj#53tm'), 'latin1');
    expect(inspectPdf(pdf([CATALOG, PAGES, PAGE, hidden])).javascript).toBe(true);
  });

  it('passes a PDF whose object streams hold only harmless objects', () => {
    const bytes = pdf([CATALOG, PAGES, PAGE, objectStream(5, ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>', '[1 2 3]'])]);
    expect(inspectPdf(bytes)).toEqual(CLEAN);
  });

  it('treats an object stream it cannot decode (another filter, or a predictor) as possibly scripted', () => {
    const other = stream('/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode', Buffer.from([0x80, 0x0b, 0x60, 0x50]));
    expect(inspectPdf(pdf([CATALOG, PAGES, PAGE, other])).javascript).toBe(true);
    const predicted = stream(
      '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>',
      deflateSync(Buffer.from('5 0 << >>')),
    );
    expect(inspectPdf(pdf([CATALOG, PAGES, PAGE, predicted])).javascript).toBe(true);
  });

  it('treats an object stream that inflates past the size budget as possibly scripted', () => {
    const bomb = stream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', deflateSync(Buffer.alloc(40 * 1024 * 1024, 0x20)));
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(inspectPdf(pdf([CATALOG, PAGES, PAGE, bomb])).javascript).toBe(true);
  });

  it('reads a truncated object stream as far as it goes', () => {
    // Numbers that do not repeat, so the compressed data is long enough to cut off well past the script.
    const filler = Array.from({ length: 2000 }, (_, i) => (i * 7919) % 10007).join(' ');
    const full = deflateSync(Buffer.from(`5 0 << /S /JavaScript /JS (x) >> [${filler}]`));
    const truncated = stream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', full.subarray(0, full.length - 200));
    expect(inspectPdf(pdf([CATALOG, PAGES, PAGE, truncated])).javascript).toBe(true);
  });
});
