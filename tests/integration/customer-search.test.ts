import { describe, expect, it } from 'vitest';
import { createCustomer, searchCustomers } from '@/db/queries/customers';
import { freshIdNumber, freshMobile } from './factories';

// Names no other test uses: a rare surname (鞠) and a made-up given name.
const tag = Date.now().toString(36).slice(-4);

async function person(name: string) {
  return createCustomer({ name, idNumber: await freshIdNumber(), mobile: freshMobile(), createdBy: null });
}

describe('searching customers by name', () => {
  it('one or two characters match the start of the name (a surname, then its first given character); three or more match anywhere', async () => {
    const a = await person(`鞠晓${tag}甲`);
    const b = await person(`鞠明${tag}乙`);
    const c = await person(`王鞠晓${tag}`);
    const ids = async (q: string) => (await searchCustomers(q)).results.map((r) => r.id);
    expect(await ids('鞠')).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await ids('鞠')).not.toContain(c.id);
    expect(await ids('鞠晓')).toContain(a.id);
    expect(await ids('鞠晓')).not.toContain(b.id);
    expect(await ids('鞠晓')).not.toContain(c.id);
    // Three characters: anywhere in the name (the trigram index), so the middle of 王鞠晓… is found too.
    expect((await ids(`鞠晓${tag.slice(0, 1)}`)).sort()).toEqual([a.id, c.id].sort());
  });

  it('wildcards typed into the box are taken literally', async () => {
    expect((await searchCustomers('%')).results).toEqual([]);
    expect((await searchCustomers('_%_')).results).toEqual([]);
  });
});
