import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { exportMaxRows } from '@/lib/config';
import { columnWidths, csvCell, toCsv, toXlsx, withinLimit } from './table';

const columns = [{ header: '柜员' }, { header: '渠道', width: 12 }, { header: 'Seconds' }];
const rows = [
  ['王晓柜', '电话', 300],
  ['=HYPERLINK("x")', 'a,b', null],
];

describe('CSV', () => {
  it('quotes separators, quotes and line breaks, and defuses formulas', () => {
    expect(csvCell('王晓柜')).toBe('王晓柜');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
  });

  it('is UTF-8 text with a byte-order mark, the header first and CRLF line ends', () => {
    const csv = toCsv(columns, rows);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')).toEqual(['柜员,渠道,Seconds', '王晓柜,电话,300', `"'=HYPERLINK(""x"")","a,b",`, '']);
    expect([...new TextEncoder().encode(csv).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('XLSX', () => {
  it('has one sheet with a bold header row, the given or fitted column widths, and the values as typed', async () => {
    const bytes = await toXlsx('今日/已办', columns, rows);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const ws = book.worksheets[0]!;
    expect(ws.name).toBe('今日 已办');
    expect(ws.getRow(1).values).toEqual([undefined, '柜员', '渠道', 'Seconds']);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.rowCount).toBe(1 + rows.length);
    expect(ws.getRow(2).values).toEqual([undefined, '王晓柜', '电话', 300]);
    // Text that looks like a formula stays text.
    expect(ws.getCell('A3').value).toBe('=HYPERLINK("x")');
    expect(ws.getColumn(2).width).toBe(12);
    expect(ws.getColumn(1).width).toBe(columnWidths(columns, rows)[0]);
  });

  it('fits widths to the widest cell, CJK counted double, with a margin, between 12 and 60', () => {
    expect(columnWidths([{ header: 'a' }], [['长'.repeat(8)]])).toEqual([18]);
    expect(columnWidths([{ header: 'a' }], [['x']])).toEqual([12]);
    expect(columnWidths([{ header: 'a' }], [['x'.repeat(200)]])).toEqual([60]);
  });
});

describe('the export limit', () => {
  const saved = process.env.EXPORT_MAX_ROWS;
  afterEach(() => {
    if (saved === undefined) delete process.env.EXPORT_MAX_ROWS;
    else process.env.EXPORT_MAX_ROWS = saved;
  });

  it('is 10,000 rows unless EXPORT_MAX_ROWS says otherwise (a positive whole number)', () => {
    delete process.env.EXPORT_MAX_ROWS;
    expect(exportMaxRows()).toBe(10_000);
    process.env.EXPORT_MAX_ROWS = '250';
    expect(exportMaxRows()).toBe(250);
    for (const bad of ['0', '-5', '2.5', 'lots']) {
      process.env.EXPORT_MAX_ROWS = bad;
      expect(exportMaxRows()).toBe(10_000);
    }
  });

  it('takes the limit itself and refuses one row more (fetched as limit + 1)', () => {
    expect(withinLimit(0, 3)).toBe(true);
    expect(withinLimit(3, 3)).toBe(true);
    expect(withinLimit(4, 3)).toBe(false);
  });
});
