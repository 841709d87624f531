import { describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_ENTERPRISE } from '@/db/seed';
import { idCheckCharacter } from '@/lib/customers/id-number';
import { demoPersonalData } from './demo-personal-data';
import { checkLogText, isValidIdNumber, reportLog, type KnownValue } from './log-check';
import { createLogger } from './logger';

const known = demoPersonalData();
const zhang = DEMO_CUSTOMERS[0]!;

/** What the app's output looks like on a good day: launcher lines, Next's banner, the logger's JSON with masked values. */
function cleanLog(): string {
  const chunks: string[] = [];
  const log = createLogger({ write: (s: string) => void chunks.push(s) });
  log.info({ requestId: '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', action: 'customer.create', customerId: '5b0c6a55-1c1f-4e55-9d5a-6a3c1d2e7f10' }, 'created');
  // Personal data reaching the logger by key or inside a message comes out masked: the check must accept the result.
  log.error({ input: { name: zhang.name, idNumber: zhang.idNumber, mobile: zhang.mobile, address: zhang.address } }, `lookup of ${zhang.idNumber} / ${zhang.mobile} / zhang@example.com failed`);
  log.error(Object.assign(new Error(`duplicate ${zhang.mobile}`), { code: '23505' }));
  return [
    'Embedded PostgreSQL on port 54391, data in .data-e2e',
    'Migrations applied.',
    '   ▲ Next.js 16.4.6',
    '   - Local:        http://localhost:3100',
    ' ✓ Ready in 812ms',
    'customer 110105********002X, mobile 138****8000, card **** **** 1234, built 1795512261572, sha 9f86d081884c7d659a2feaa0c55ad015',
    chunks.join('').trimEnd(),
    '',
  ].join('\n');
}

describe('the log check', () => {
  it('reads the demo customers from the seed', () => {
    for (const c of DEMO_CUSTOMERS) {
      for (const value of [c.name, c.idNumber, c.mobile]) expect(known.map((k) => k.value)).toContain(value);
    }
    expect(known.map((k) => k.value)).toContain(DEMO_ENTERPRISE.mobile);
  });

  it('passes a clean log and counts its lines', () => {
    const text = cleanLog();
    const result = checkLogText(text, known);
    expect(result.findings).toEqual([]);
    expect(result.lines).toBe(text.trimEnd().split('\n').length);
    expect(result.structured).toBe(3);
    expect(reportLog('app.log', text, known).ok).toBe(true);
  });

  it('finds each demo customer by name, ID number, mobile and address, on the right line', () => {
    for (const c of DEMO_CUSTOMERS) {
      const text = ['ok', `signing in ${c.name}`, `{"msg":"lookup","id":"${c.idNumber}"}`, `sms to ${c.mobile}`, `moved to ${c.address}`].join('\n');
      const { findings } = checkLogText(text, known);
      expect(findings).toEqual(
        expect.arrayContaining([
          { line: 2, kind: 'demo customer name' },
          { line: 3, kind: 'demo customer ID number' },
          { line: 4, kind: 'demo customer mobile' },
          { line: 5, kind: 'demo customer address' },
        ]),
      );
      expect(findings.some((f) => f.line === 1)).toBe(false);
    }
  });

  it('finds a name written with JSON or URL escapes', () => {
    const escaped = JSON.stringify({ msg: `hello ${zhang.name}` }).replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(escaped).not.toContain(zhang.name);
    const text = [escaped, `GET /search?q=${encodeURIComponent(zhang.name)} 200`].join('\n');
    expect(checkLogText(text, known).findings).toEqual([
      { line: 1, kind: 'demo customer name' },
      { line: 2, kind: 'demo customer name' },
    ]);
  });

  it('finds personal data nobody listed, by shape: a valid ID number, a mobile, an e-mail', () => {
    const body = '32010219870611152';
    const id = body + idCheckCharacter(body);
    const text = [`customer ${id}`, 'call +86 139 0000 1234 back', 'mail li.si@example.org', `wrong check ${body}${idCheckCharacter(body) === '0' ? '1' : '0'}`].join('\n');
    expect(checkLogText(text, []).findings).toEqual([
      { line: 1, kind: 'ID number' },
      { line: 2, kind: 'mobile number' },
      { line: 3, kind: 'e-mail address' },
    ]);
    expect(isValidIdNumber(id.toLowerCase())).toBe(true);
    expect(isValidIdNumber('110105194913310021')).toBe(false); // 13th month
  });

  it('fails a missing or empty log, and never quotes what it found', () => {
    expect(reportLog('app.log', null, known)).toMatchObject({ ok: false });
    expect(reportLog('app.log', '', known)).toMatchObject({ ok: false });
    expect(reportLog('app.log', '\n', known)).toMatchObject({ ok: false });
    const dirty = reportLog('app.log', `${cleanLog()}\nerror for ${zhang.name} ${zhang.mobile}\n`, known);
    expect(dirty.ok).toBe(false);
    const report = dirty.report.join('\n');
    expect(report).toContain('line 11: demo customer name');
    expect(report).toContain('line 11: demo customer mobile');
    for (const value of [zhang.name, zhang.mobile]) expect(report).not.toContain(value);
  });

  it('checks any list of known values', () => {
    const custom: KnownValue[] = [{ kind: 'guardian name', value: '钱八' }];
    expect(checkLogText('a\n钱八\n', custom).findings).toEqual([{ line: 2, kind: 'guardian name' }]);
  });
});
