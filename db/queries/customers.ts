import 'server-only';
import { and, asc, desc, eq, ilike, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db, type DbOrTx } from '@/db';
import { customerAgents, customerChanges, customerGuardians, customers, enterpriseDetails, staff } from '@/db/schema';
import type { EnterpriseIntake } from '@/lib/customers/enterprise-schema';
import { blindIndex, decryptPii, encryptPii } from '@/lib/crypto/pii';
import { maskEmail } from '@/lib/customers/email';
import { documentFacts, normaliseDocumentNumber } from '@/lib/customers/documents/validate';
import type { DocumentType } from '@/lib/customers/documents/types';
import { expiryState, maskAddress } from '@/lib/customers/profile';
import type { RiskLevel } from '@/lib/customers/risk';
import { isMinor } from '@/lib/customers/documents/age';
import { maskIdNumber, normaliseIdNumber } from '@/lib/customers/id-number';
import { maskMobile } from '@/lib/customers/mobile';

/** What screens may show: never the full identity number or mobile. */
export type CustomerDto = { id: string; name: string; idNumberMasked: string; mobileMasked: string; riskLevel: RiskLevel };

export const maskedColumns = { id: customers.id, name: customers.name, idNumberLast4: customers.idNumberLast4, mobileLast4: customers.mobileLast4, riskLevel: customers.riskLevel };

export function toDto(row: { id: string; name: string; idNumberLast4: string; mobileLast4: string; riskLevel: RiskLevel }): CustomerDto {
  return { id: row.id, name: row.name, idNumberMasked: maskIdNumber(row.idNumberLast4), mobileMasked: maskMobile(row.mobileLast4), riskLevel: row.riskLevel };
}

/** The blind index of a document number (any type: the unique index pairs it with the type). */
export function idNumberIndex(idNumber: string): string {
  return blindIndex('id', normaliseDocumentNumber('resident_id', idNumber));
}

export function mobileIndex(mobile: string): string {
  return blindIndex('mobile', mobile.trim());
}

/**
 * One search box: a full ID number or a mobile number (exact, through the blind indexes), the last 4 characters of the
 * ID number, or a name: its first one or two characters, or any three or more of it (works for Chinese names). Never a
 * plaintext column.
 */
export const SEARCH_PAGE = 20;

const escapeLike = (q: string) => q.replace(/[%_\\]/g, '\\$&');

export async function searchCustomers(query: string, after?: { name: string; id: string }): Promise<{ results: CustomerDto[]; more: boolean }> {
  const q = query.trim();
  if (!q) return { results: [], more: false };
  // Every number the box takes has four characters or more: one or two characters are the start of a name.
  if ([...q].length <= 2) return searchByNamePrefix(q, after);
  // A full document number of any type — resident ID, passport or permit, or an enterprise's credit code — is exact.
  // Three characters or more of a name are found anywhere in it, through the trigram index (customers_name_trgm_idx).
  const where = /^\d{17}[\dXx]$/.test(q) || /^[A-Za-z]{1,3}\d{6,14}$/.test(q) || /^\d{8}$|^\d{10}$/.test(q) || /^[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]{18}$/.test(q)
    ? eq(customers.idNumberIndex, idNumberIndex(q))
    : /^1[3-9]\d{9}$/.test(q)
      ? eq(customers.mobileIndex, mobileIndex(q))
      : /^(?=.*\d)[0-9A-Za-z]{4}$/.test(q)
        ? eq(customers.idNumberLast4, q.toUpperCase())
        : ilike(customers.name, `%${escapeLike(q)}%`);
  // Keyset paging on (name, id): a later page costs what the first does, and rows added meanwhile do not shift it.
  const page = after ? and(where, sql`(${customers.name}, ${customers.id}) > (${after.name}, ${after.id}::uuid)`) : where;
  const rows = await db.select(maskedColumns).from(customers).where(page).orderBy(asc(customers.name), asc(customers.id)).limit(SEARCH_PAGE + 1);
  return { results: rows.slice(0, SEARCH_PAGE).map(toDto), more: rows.length > SEARCH_PAGE };
}

/**
 * One or two characters (a surname, or a surname and the first given character: how a teller starts typing a name)
 * match the start of the name, case-insensitively, in the order of customers_name_prefix_idx, which serves both: a
 * trigram index cannot serve fewer than three characters, and a substring of two would read every name.
 */
async function searchByNamePrefix(q: string, after?: { name: string; id: string }): Promise<{ results: CustomerDto[]; more: boolean }> {
  const key = sql`lower(${customers.name}) COLLATE "C"`;
  const where = sql`${key} LIKE lower(${escapeLike(q)}) || '%'`;
  const page = after ? and(where, sql`(${key}, ${customers.id}) > (lower(${after.name}) COLLATE "C", ${after.id}::uuid)`) : where;
  const rows = await db.select(maskedColumns).from(customers).where(page).orderBy(key, asc(customers.id)).limit(SEARCH_PAGE + 1);
  return { results: rows.slice(0, SEARCH_PAGE).map(toDto), more: rows.length > SEARCH_PAGE };
}

export async function getCustomer(id: string, conn: DbOrTx = db): Promise<CustomerDto | undefined> {
  const [row] = await conn.select(maskedColumns).from(customers).where(eq(customers.id, id)).limit(1);
  return row && toDto(row);
}

/** The customer holding this document (type and exact number, through the blind index), if any. */
export async function findCustomerByDocument(documentType: DocumentType | 'credit_code', idNumber: string, conn: DbOrTx = db): Promise<CustomerDto | undefined> {
  const [row] = await conn
    .select(maskedColumns)
    .from(customers)
    .where(and(eq(customers.documentType, documentType), eq(customers.idNumberIndex, idNumberIndex(idNumber))))
    .limit(1);
  return row && toDto(row);
}

export async function customerIdNumberExists(idNumber: string): Promise<boolean> {
  const [row] = await db.select({ id: customers.id }).from(customers).where(eq(customers.idNumberIndex, idNumberIndex(idNumber))).limit(1);
  return !!row;
}

/** The reserved mobile (sealed, blind index, last 4) and optional e-mail (sealed, masked) as stored. */
function contactColumns(mobile: string, email: string | undefined) {
  return {
    mobileEnc: encryptPii(mobile),
    mobileIndex: mobileIndex(mobile),
    mobileLast4: mobile.slice(-4),
    emailEnc: email ? encryptPii(email) : null,
    emailMasked: email ? maskEmail(email) : null,
  };
}

export async function createCustomer(
  values: {
    name: string;
    documentType?: DocumentType;
    idNumber: string;
    documentExpiry?: string | null;
    mobile: string;
    email?: string;
    nationality?: string;
    occupation?: string;
    address?: string;
    language?: 'zh-CN' | 'en';
    birthDate?: string;
    gender?: 'male' | 'female';
    guardian?: { name: string; relationship: string; idNumber: string };
    createdBy: string | null;
  },
  conn: DbOrTx = db,
): Promise<CustomerDto> {
  const id = normaliseDocumentNumber(values.documentType ?? 'resident_id', values.idNumber);
  const mobile = values.mobile.trim();
  const [row] = await conn
    .insert(customers)
    .values({
      name: values.name.trim(),
      documentType: values.documentType ?? 'resident_id',
      documentExpiry: values.documentExpiry ?? null,
      nationality: values.nationality ?? 'CHN',
      occupation: values.occupation ?? null,
      addressEnc: values.address ? encryptPii(values.address.trim()) : null,
      addressMasked: values.address ? maskAddress(values.address) : null,
      idNumberEnc: encryptPii(id),
      idNumberIndex: idNumberIndex(id),
      idNumberLast4: id.slice(-4),
      ...contactColumns(mobile, values.email),
      language: values.language ?? 'zh-CN',
      birthDate: values.birthDate ?? null,
      gender: values.gender ?? null,
      createdBy: values.createdBy,
    })
    .returning(maskedColumns);
  if (values.guardian) {
    const gid = normaliseIdNumber(values.guardian.idNumber);
    await conn.insert(customerGuardians).values({
      customerId: row!.id,
      name: values.guardian.name.trim(),
      relationship: values.guardian.relationship,
      idNumberEnc: encryptPii(gid),
      idNumberLast4: gid.slice(-4),
      createdBy: values.createdBy,
    });
  }
  return toDto(row!);
}

/**
 * An enterprise customer (in the caller's transaction): the customer row (credit code as its document, the licence end
 * date, industry, registered address sealed), its legal representative, and the authorised agent if one was given.
 */
export async function createEnterprise(
  v: Omit<EnterpriseIntake, 'sessionId'>,
  createdBy: string | null,
  conn: DbOrTx,
): Promise<CustomerDto> {
  const mobile = v.mobile.trim();
  const [row] = await conn
    .insert(customers)
    .values({
      kind: 'enterprise',
      name: v.name.trim(),
      documentType: 'credit_code',
      documentExpiry: v.licenceExpiry,
      idNumberEnc: encryptPii(v.creditCode),
      idNumberIndex: idNumberIndex(v.creditCode),
      idNumberLast4: v.creditCode.slice(-4),
      ...contactColumns(mobile, v.email),
      language: v.language ?? 'zh-CN',
      industry: v.industry,
      addressEnc: encryptPii(v.registeredAddress.trim()),
      addressMasked: maskAddress(v.registeredAddress),
      createdBy,
    })
    .returning(maskedColumns);
  await conn.insert(enterpriseDetails).values({
    customerId: row!.id,
    legalRepName: v.legalRep.name.trim(),
    legalRepDocumentType: v.legalRep.documentType,
    legalRepIdEnc: encryptPii(v.legalRep.idNumber),
    legalRepIdLast4: v.legalRep.idNumber.slice(-4),
    businessScope: v.businessScope.trim(),
    createdBy,
  });
  if (v.agent) {
    await conn.insert(customerAgents).values({
      customerId: row!.id,
      name: v.agent.name.trim(),
      documentType: v.agent.documentType,
      idNumberEnc: encryptPii(v.agent.idNumber),
      idNumberLast4: v.agent.idNumber.slice(-4),
      authorisedUntil: v.agent.authorisedUntil,
      createdBy,
    });
  }
  return toDto(row!);
}

/** An enterprise's registration and agents, masked, for the customer screens. */
export type EnterpriseRows = {
  details: { legalRepName: string; legalRepDocumentType: string; legalRepIdLast4: string; businessScope: string };
  agents: { id: string; name: string; documentType: string; idLast4: string; authorisedUntil: string }[];
};

/** An enterprise's legal representative and agents as the screens show them (masked). */
export function toEnterprise({ details, agents }: EnterpriseRows) {
  return {
    legalRepName: details.legalRepName,
    legalRepDocumentType: details.legalRepDocumentType as DocumentType,
    legalRepIdMasked: maskIdNumber(details.legalRepIdLast4),
    businessScope: details.businessScope,
    agents: agents.map(({ idLast4, ...a }) => ({ ...a, documentType: a.documentType as DocumentType, idMasked: maskIdNumber(idLast4) })),
  };
}
export type Enterprise = ReturnType<typeof toEnterprise>;

/** Server-side comparison for identity verification: the stored values never leave this module. */
export async function matchCustomerBasics(id: string, entered: { name: string; idNumber: string; mobile: string }): Promise<string[] | undefined> {
  const [row] = await db
    .select({ name: customers.name, idNumberIndex: customers.idNumberIndex, mobileEnc: customers.mobileEnc })
    .from(customers)
    .where(eq(customers.id, id))
    .limit(1);
  if (!row) return undefined;
  const mismatched: string[] = [];
  if (row.name !== entered.name.trim()) mismatched.push('name');
  if (row.idNumberIndex !== idNumberIndex(entered.idNumber)) mismatched.push('idNumber');
  if (decryptPii(row.mobileEnc) !== entered.mobile.trim()) mismatched.push('mobile');
  return mismatched;
}

export async function getCustomerMobileSealed(id: string, conn: DbOrTx = db): Promise<string | undefined> {
  const [row] = await conn.select({ mobileEnc: customers.mobileEnc }).from(customers).where(eq(customers.id, id)).limit(1);
  return row?.mobileEnc;
}

export async function setCustomerMobile(id: string, mobile: string, conn: DbOrTx): Promise<boolean> {
  const rows = await conn
    .update(customers)
    .set({ mobileEnc: encryptPii(mobile), mobileIndex: mobileIndex(mobile), mobileLast4: mobile.slice(-4), updatedAt: new Date() })
    .where(eq(customers.id, id))
    .returning({ id: customers.id });
  return rows.length === 1;
}

/**
 * Replaces the customer's identity document (after an approved change): number, type and end date, and the date of
 * birth and gender where the new document carries them. The unique index refuses a document another customer holds.
 */
export async function setCustomerDocument(conn: DbOrTx, customerId: string, doc: { type: DocumentType | 'credit_code'; number: string; expiry: string | null }): Promise<void> {
  const number = doc.type === 'credit_code' ? doc.number : normaliseDocumentNumber(doc.type, doc.number);
  const facts = doc.type === 'credit_code' ? {} : documentFacts(doc.type, number);
  await conn
    .update(customers)
    .set({
      documentType: doc.type,
      idNumberEnc: encryptPii(number),
      idNumberIndex: idNumberIndex(number),
      idNumberLast4: number.slice(-4),
      documentExpiry: doc.expiry,
      ...(facts.birthDate ? { birthDate: facts.birthDate } : {}),
      ...(facts.gender ? { gender: facts.gender } : {}),
      updatedAt: new Date(),
    })
    .where(eq(customers.id, customerId));
}

export type ChangeField = 'mobile' | 'name' | 'document' | 'birth_date' | 'address' | 'email' | 'occupation' | 'risk_level';

/** One entry of the change history (append-only in the database); values are masked before they get here. */
export async function recordCustomerChange(
  conn: DbOrTx,
  v: { customerId: string; field: ChangeField; oldMasked: string | null; newMasked: string; requestId: string | null; caseId?: string | null; sessionId: string | null; changedBy: string; approvedBy: string | null },
): Promise<void> {
  await conn.insert(customerChanges).values(v);
}

export async function listCustomerChanges(customerId: string, limit = 100) {
  const approver = alias(staff, 'approver');
  return db
    .select({
      id: customerChanges.id,
      field: customerChanges.field,
      oldMasked: customerChanges.oldMasked,
      newMasked: customerChanges.newMasked,
      requestId: customerChanges.requestId,
      createdAt: customerChanges.createdAt,
      changedBy: staff.displayName,
      approvedBy: approver.displayName,
    })
    .from(customerChanges)
    .innerJoin(staff, eq(staff.id, customerChanges.changedBy))
    .leftJoin(approver, eq(approver.id, customerChanges.approvedBy))
    .where(eq(customerChanges.customerId, customerId))
    .orderBy(desc(customerChanges.createdAt), desc(customerChanges.id))
    .limit(limit);
}

/** Whether the customer's identity document ended before today (Beijing date); a long-term document never does. */
export async function documentExpired(conn: DbOrTx, customerId: string): Promise<boolean> {
  const [row] = await conn.select({ expiry: customers.documentExpiry }).from(customers).where(eq(customers.id, customerId));
  return !!row && expiryState(row.expiry) === 'expired';
}

export type RevealableField = 'idNumber' | 'mobile' | 'email';

/** The full value of one personal field, for an audited reveal; undefined when the customer or the value is absent. */
export async function revealCustomerField(customerId: string, field: RevealableField, supervisorId: string): Promise<string | undefined> {
  const column = { idNumber: customers.idNumberEnc, mobile: customers.mobileEnc, email: customers.emailEnc }[field];
  // Only a customer in front of this supervisor: a request or a case awaiting their decision, or a contact handed to them.
  const [row] = await db
    .select({ sealed: column })
    .from(customers)
    .where(
      and(
        eq(customers.id, customerId),
        sql`(EXISTS (SELECT 1 FROM change_requests r WHERE r.customer_id = ${customerId} AND r.status = 'pending' AND r.maker_id <> ${supervisorId})
          OR EXISTS (SELECT 1 FROM cases c WHERE c.customer_id = ${customerId} AND c.state = 'pending_approval' AND c.maker_id <> ${supervisorId})
          OR EXISTS (SELECT 1 FROM service_sessions s WHERE s.customer_id = ${customerId} AND s.status = 'open' AND s.teller_id = ${supervisorId}))`,
      ),
    );
  return row?.sealed ? decryptPii(row.sealed) : undefined;
}

/** What the console shows about who the customer is: age-related service flags and the guardian of a minor (masked). */
/** What the screens show of a customer's profile (with the guardian of a minor), as columns of a select from customers. */
export const profileColumns = {
  kind: customers.kind,
  industry: customers.industry,
  birthDate: customers.birthDate,
  gender: customers.gender,
  documentType: customers.documentType,
  documentExpiry: customers.documentExpiry,
  nationality: customers.nationality,
  occupation: customers.occupation,
  addressMasked: customers.addressMasked,
  emailMasked: customers.emailMasked,
  riskLevel: customers.riskLevel,
  riskOverride: customers.riskOverride,
  guardianName: customerGuardians.name,
  guardianRelationship: customerGuardians.relationship,
  guardianIdLast4: customerGuardians.idNumberLast4,
};

export function toProfile<R extends { kind: string; documentType: string; guardianIdLast4: string | null }>(row: R) {
  return { ...row, kind: row.kind as 'individual' | 'enterprise', documentType: row.documentType as DocumentType | 'credit_code', guardianIdMasked: row.guardianIdLast4 ? maskIdNumber(row.guardianIdLast4) : null };
}
export type CustomerProfile = NonNullable<Awaited<ReturnType<typeof getCustomerProfile>>>;

export async function getCustomerProfile(id: string) {
  const [row] = await db.select(profileColumns).from(customers).leftJoin(customerGuardians, eq(customerGuardians.customerId, customers.id)).where(eq(customers.id, id));
  return row && toProfile(row);
}

/** Customers from before dates of birth were recorded get theirs (and gender) from their resident ID. Idempotent. */
export async function backfillBirthDates(): Promise<number> {
  const rows = await db.select({ id: customers.id, idNumberEnc: customers.idNumberEnc }).from(customers).where(sql`${customers.birthDate} IS NULL`);
  let n = 0;
  for (const r of rows) {
    const facts = documentFacts('resident_id', decryptPii(r.idNumberEnc));
    // A minor recorded before guardians existed keeps no date of birth until a guardian is registered.
    if (!facts.birthDate || isMinor(facts.birthDate)) continue;
    await db.update(customers).set({ birthDate: facts.birthDate, gender: facts.gender ?? null }).where(eq(customers.id, r.id));
    n++;
  }
  return n;
}
