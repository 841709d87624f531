import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import zh from '@/messages/zh-CN.json';
import { BUSINESSES, RISK_LEVELS, STEPS } from '@/lib/sessions/ladder';

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function leaves(obj: Record<string, unknown>): string[] {
  return Object.values(obj).flatMap((v) => (v && typeof v === 'object' ? leaves(v as Record<string, unknown>) : [String(v)]));
}

describe('message catalogues', () => {
  it('zh-CN and en carry exactly the same keys', () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });

  it('no message is empty, and the Chinese catalogue is actually Chinese', () => {
    expect(leaves(en).filter((m) => !m.trim())).toEqual([]);
    expect(leaves(zh).filter((m) => !m.trim())).toEqual([]);
    const untranslated = keys(zh).filter((k) => {
      const value = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], zh) as string;
      // Punctuation and pure layouts of placeholders have nothing to translate.
      return !/[\u4e00-\u9fff]/.test(value) && !['audit.ip', 'language.names.en', 'teller.listSeparator', 'customerWords.listSeparator', 'documents.listSeparator', 'recordings.meta', 'documents.supplementItem'].includes(k);
    });
    expect(untranslated).toEqual([]);
  });

  it('every error key the zod schemas and the domain use exists in both catalogues', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) files.push(full);
      }
    };
    for (const dir of ['lib', 'app', 'components']) walk(path.resolve(process.cwd(), dir));
    const used = new Set<string>();
    for (const file of files) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/'((?:errors|teller|approvals|qc|admin|login)\.[A-Za-z.]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(30);
    const known = new Set(keys(en));
    // errors.idNumber.* are built from the problem name; check them through their prefix.
    const missing = [...used].filter((k) => !known.has(k) && !keys(en).some((key) => key.startsWith(`${k}.`)));
    expect(missing).toEqual([]);
    for (const problem of ['format', 'region', 'birthDate', 'checkDigit']) expect(known.has(`errors.idNumber.${problem}`)).toBe(true);
  });

  it('every audited action has a label on the audit screen', async () => {
    const { actions } = await import('@/lib/auth/permissions');
    const known = new Set(keys(en));
    const audited = [...Object.keys(actions), 'auth.sign_in', 'auth.sign_out', 'auth.idle_timeout', 'auth.expired', 'screen.view'];
    expect(audited.filter((a) => !known.has(`audit.actions.${a}`))).toEqual([]);
  });

  it('names every verification step, risk level and business wherever screens show them', () => {
    const all = keys(en);
    for (const step of STEPS) for (const ns of ['approvals.steps', 'teller.steps', 'teller.stepNames']) expect(all).toContain(`${ns}.${step}`);
    for (const risk of RISK_LEVELS) expect(all).toContain(`ladder.risk.${risk}`);
    for (const b of BUSINESSES) expect(all).toContain(`ladder.businesses.${b}`);
  });
});
