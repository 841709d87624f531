import 'server-only';
import { and, inArray, isNull, sql } from 'drizzle-orm';
import { db } from '@/db';
import { customers, staff, teams } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import type { Role } from '@/lib/auth/roles';
import { createCustomer, createEnterprise, idNumberIndex } from './queries/customers';
import { creditCodeCheckCharacter } from '@/lib/customers/documents/credit-code';
import { getCustomerPasswordHash, setCustomerPasswordHash } from './queries/credentials';
import { DEMO_CUSTOMER_PASSWORD, ensureDemoIntegration } from '@/lib/integrations/demo';
import { demoMode } from '@/lib/config';
import { mfaRequired } from '@/lib/auth/mfa';
import { encryptPii } from '@/lib/crypto/pii';
import { chinaDate } from '@/lib/customers/documents/dates';
import { maskAddress } from '@/lib/customers/profile';

export const DEMO_PASSWORD = 'Demo-2468';

export const DEMO_TEAM = '远程一组 Remote team 1';

/**
 * The demo's supervisors and admins must use an authenticator like anywhere else; theirs is set up with this one
 * published key (add it to any authenticator app, or `npm run demo:code -- supervisor`). Demo database only.
 */
export const DEMO_TOTP_SECRET = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';

export const DEMO_STAFF: { username: string; displayName: string; role: Role }[] = [
  { username: 'teller', displayName: '王晓柜 Wang Xiaogui', role: 'teller' },
  { username: 'teller2', displayName: '李安 Li An', role: 'teller' },
  { username: 'supervisor', displayName: '陈主管 Chen Zhuguan', role: 'supervisor' },
  { username: 'supervisor2', displayName: '赵敏 Zhao Min', role: 'supervisor' },
  { username: 'qc', displayName: '周质检 Zhou Zhijian', role: 'qc' },
  { username: 'qc2', displayName: '吴评 Wu Ping', role: 'qc' },
  { username: 'qc3', displayName: '郑衡 Zheng Heng', role: 'qc' },
  { username: 'admin', displayName: '系统管理员 Admin', role: 'admin' },
  // A second administrator: configuration (the working calendar) and document deletion need another one to approve.
  { username: 'admin2', displayName: '系统管理员二 Admin Two', role: 'admin' },
];

const daysFromNow = (days: number) => chinaDate(new Date(Date.now() + days * 86_400_000));

// Valid PRC identity numbers (check characters computed by GB 11643); demo people, not real ones. Their documents'
// end dates are set relative to the day of seeding: 李四's runs out within the review window, 王五's has run out.
// Opening balances of the demo customers' current accounts, in fen.
export const DEMO_OPENING_BALANCES: Record<string, number> = {
  张三: 50_000_000,
  李四: 12_000_000,
  王五: 3_000_000,
  赵六: 26_000_000,
  孙七: 800_000,
  上海远航国际贸易有限公司: 200_000_000,
};

export const DEMO_CUSTOMERS = [
  { name: '张三', idNumber: '11010519491231002X', mobile: '13800138000', documentExpiry: null, occupation: 'retired', address: '北京市西城区金融大街 1 号院' },
  { name: '李四', idNumber: '440308199001012215', mobile: '13912345678', documentExpiry: daysFromNow(20), occupation: 'professional', address: '广东省深圳市盐田区海山路 18 号' },
  { name: '王五', idNumber: '310104198506153515', mobile: '13700001111', documentExpiry: daysFromNow(-10), occupation: 'self_employed', address: '上海市徐汇区漕溪北路 88 号' },
  { name: '赵六', idNumber: '510107197803214427', mobile: '15000002222', documentExpiry: daysFromNow(2000), occupation: 'business_service', address: '四川省成都市武侯区人民南路 4 段 12 号' },
  { name: '孙七', idNumber: '330106200101011232', mobile: '18600003333', documentExpiry: daysFromNow(3000), occupation: 'student', address: '浙江省杭州市西湖区文三路 90 号' },
];


// A demo enterprise: its credit code's check character is computed, so the code is valid by GB 32100.
const DEMO_ENTERPRISE_CODE_BODY = '91310115MA1H7AB2C';
export const DEMO_ENTERPRISE = {
  name: '上海远航国际贸易有限公司',
  creditCode: DEMO_ENTERPRISE_CODE_BODY + creditCodeCheckCharacter(DEMO_ENTERPRISE_CODE_BODY),
  mobile: '13611112222',
};

/** A demo customer's current account with its opening balance, posted through the ledger (once). */
async function ensureDemoAccount(customerId: string, name: string): Promise<void> {
  const { listCustomerAccounts, openAccount, internalAccountId, postTransaction } = await import('./queries/ledger');
  if ((await listCustomerAccounts(customerId)).length > 0) return;
  const amount = DEMO_OPENING_BALANCES[name];
  await db.transaction(async (tx) => {
    const account = await openAccount(tx, { customerId, kind: 'current' });
    if (!amount) return;
    const opening = await internalAccountId(tx, 'opening');
    await postTransaction(tx, { kind: 'opening', description: '演示期初余额 Demo opening balance', createdBy: null, legs: [{ accountId: account.id, amount }, { accountId: opening, amount: -amount }] });
  });
}

/**
 * Demo extras that every start in demo mode makes sure of, also on data seeded by an older version: the demo
 * telephony integration and the demo customers' passwords.
 */
export async function ensureDemoExtras(): Promise<void> {
  await ensureDemoIntegration();
  // The demo password is published in the README: never on a database outside demo mode.
  if (!demoMode()) return;
  const [enterprise] = await db.select({ id: customers.id }).from(customers).where(sql`${customers.idNumberIndex} = ${idNumberIndex(DEMO_ENTERPRISE.creditCode)}`);
  if (enterprise) await ensureDemoAccount(enterprise.id, DEMO_ENTERPRISE.name);
  let hash: string | undefined;
  for (const c of DEMO_CUSTOMERS) {
    const [row] = await db.select({ id: customers.id, occupation: customers.occupation }).from(customers).where(sql`${customers.idNumberIndex} = ${idNumberIndex(c.idNumber)}`);
    if (!row) continue;
    // Demo customers seeded before intake recorded these details get them (once: a teller's later change stands).
    if (!row.occupation) {
      await db
        .update(customers)
        .set({ occupation: c.occupation, documentExpiry: c.documentExpiry, addressEnc: encryptPii(c.address), addressMasked: maskAddress(c.address) })
        .where(sql`${customers.id} = ${row.id}`);
    }
    await ensureDemoAccount(row.id, c.name);
    if (await getCustomerPasswordHash(db, row.id)) continue;
    hash ??= await hashPassword(DEMO_CUSTOMER_PASSWORD);
    await setCustomerPasswordHash(db, { customerId: row.id, passwordHash: hash, setVia: 'demo_seed' });
  }
}

/** Idempotent: existing staff and customers are left as they are, missing ones are added. */
export async function seedDemoData(): Promise<{ staffAdded: number; customersAdded: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const added = await db
    .insert(staff)
    .values(DEMO_STAFF.map((s) => ({ ...s, passwordHash, ...(mfaRequired(s.role) ? { totpSecret: encryptPii(DEMO_TOTP_SECRET), totpEnabledAt: new Date() } : {}) })))
    .onConflictDoNothing({ target: staff.username })
    .returning({ id: staff.id });
  // The demo floor is one team: both tellers, led by both supervisors (QC and the administrator belong to none).
  const [team] = await db.insert(teams).values({ name: DEMO_TEAM }).onConflictDoUpdate({ target: teams.name, set: { name: DEMO_TEAM } }).returning({ id: teams.id });
  await db.update(staff).set({ teamId: team!.id }).where(and(inArray(staff.username, ['teller', 'teller2', 'supervisor', 'supervisor2']), isNull(staff.teamId)));
  let customersAdded = 0;
  for (const c of DEMO_CUSTOMERS) {
    const exists = await db.select({ id: customers.id }).from(customers).where(sql`${customers.idNumberIndex} = ${idNumberIndex(c.idNumber)}`);
    if (exists.length === 0) {
      await createCustomer({ ...c, createdBy: null });
      customersAdded++;
    }
  }
  const [enterprise] = await db.select({ id: customers.id }).from(customers).where(sql`${customers.idNumberIndex} = ${idNumberIndex(DEMO_ENTERPRISE.creditCode)}`);
  if (!enterprise) {
    await db.transaction((tx) =>
      createEnterprise(
        {
          name: DEMO_ENTERPRISE.name,
          creditCode: DEMO_ENTERPRISE.creditCode,
          licenceExpiry: null,
          industry: 'import_export',
          businessScope: '货物及技术进出口；日用百货、五金交电销售',
          registeredAddress: '上海市浦东新区外高桥保税区富特北路 211 号',
          mobile: DEMO_ENTERPRISE.mobile,
          email: undefined,
          language: 'zh-CN',
          legalRep: { name: '张三', documentType: 'resident_id', idNumber: '11010519491231002X' },
          agent: { name: '李四', documentType: 'resident_id', idNumber: '440308199001012215', authorisedUntil: daysFromNow(365) },
        },
        null,
        tx,
      ),
    );
    customersAdded++;
  }
  await ensureDemoExtras();
  const { backfillBirthDates } = await import('./queries/customers');
  await backfillBirthDates();
  const { backfillRiskAssessments } = await import('./queries/risk');
  await backfillRiskAssessments();
  const { seedDemoSessions } = await import('./seed-sessions');
  await seedDemoSessions();
  // The knowledge base's demo articles, each written by one demo person and published by another.
  const { seedDemoKnowledge } = await import('./seed-kb');
  await seedDemoKnowledge();
  return { staffAdded: added.length, customersAdded };
}

export async function databaseIsEmpty(): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(staff);
  return (row?.n ?? 0) === 0;
}
