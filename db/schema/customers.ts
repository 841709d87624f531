import 'server-only';
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { cases } from './cases';
import { changeRequests, serviceSessions } from './service-sessions';
import { riskLevel } from './enums';
import { staff } from './staff';

/** Identity number and mobile are stored encrypted (AES-256-GCM) with keyed blind indexes for exact lookup. */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // An individual, or an enterprise (企业客户: name, unified social credit code as its document, licence end date).
    kind: text('kind').notNull().default('individual'),
    name: text('name').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    // The identity document: its type, number (sealed, blind index, last 4) and end date (null: long-term, resident ID only).
    documentType: text('document_type').notNull().default('resident_id'),
    idNumberIndex: text('id_number_index').notNull(),
    idNumberLast4: text('id_number_last4').notNull(),
    mobileEnc: text('mobile_enc').notNull(),
    mobileIndex: text('mobile_index').notNull(),
    mobileLast4: text('mobile_last4').notNull(),
    // Read from the identity document at intake (a resident ID carries both); null when not known.
    birthDate: date('birth_date'),
    gender: text('gender'),
    documentExpiry: date('document_expiry'),
    nationality: text('nationality').notNull().default('CHN'),
    occupation: text('occupation'),
    industry: text('industry'),
    addressEnc: text('address_enc'),
    addressMasked: text('address_masked'),
    // Optional e-mail for notifications: encrypted, with a masked form for screens.
    emailEnc: text('email_enc'),
    emailMasked: text('email_masked'),
    // The risk level that applies (the latest assessment's, see customer_risk_assessments); a supervisor's override,
    // approved under dual control, holds until it is lifted the same way. The language messages use.
    riskLevel: riskLevel('risk_level').notNull().default('medium'),
    riskOverride: riskLevel('risk_override'),
    language: text('language').notNull().default('zh-CN'),
    createdBy: uuid('created_by').references(() => staff.id),
    // When the relationship ended (the last account closed): the documents' retention runs from here.
    relationshipEndedAt: timestamp('relationship_ended_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One customer per document type and number (二次开户 leads to the existing record).
    uniqueIndex('customers_document_unique').on(t.documentType, t.idNumberIndex),
    index('customers_name_idx').on(t.name),
    // Name search (db/queries/customers.ts searchCustomers): one or two characters as a prefix of the name, in the
    // name's code-point order (a C-collated btree serves both the LIKE and the order); three or more anywhere in the
    // name, by trigram (pg_trgm, 0056). Found by the bench: a two-character search read every name.
    index('customers_name_prefix_idx').on(sql`lower(${t.name}) COLLATE "C"`, t.id),
    index('customers_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    // The periodic review list pages by (end date, id).
    index('customers_document_expiry_idx').on(t.documentExpiry, t.id),
    index('customers_mobile_index_idx').on(t.mobileIndex),
    index('customers_id_last4_idx').on(t.idNumberLast4),
    check('customers_language', sql`${t.language} IN ('zh-CN', 'en')`),
    check('customers_document_type', sql`${t.documentType} IN ('resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'hmt_residence_permit', 'foreign_permanent_residence', 'credit_code')`),
    check('customers_long_term_only_for', sql`${t.documentExpiry} IS NOT NULL OR ${t.documentType} IN ('resident_id', 'credit_code')`),
    check('customers_kind', sql`${t.kind} IN ('individual', 'enterprise') AND (${t.kind} = 'enterprise') = (${t.documentType} = 'credit_code')`),
    check('customers_nationality', sql`${t.nationality} ~ '^[A-Z]{3}$'`),
    // An individual has an occupation (from the list), an enterprise an industry and no date of birth or gender.
    check('customers_occupation', sql`${t.occupation} IS NULL OR (${t.kind} = 'individual' AND ${t.occupation} IN ('civil_servant', 'professional', 'office_clerk', 'business_service', 'manufacturing', 'agriculture', 'military', 'student', 'retired', 'unemployed', 'self_employed', 'precious_metals_dealer', 'cash_intensive_business', 'other'))`),
    check('customers_industry', sql`${t.industry} IS NULL OR (${t.kind} = 'enterprise' AND ${t.industry} IN ('manufacturing', 'wholesale_retail', 'technology', 'construction', 'real_estate', 'finance', 'logistics', 'hospitality', 'agriculture', 'import_export', 'precious_metals', 'money_services', 'cash_intensive', 'other'))`),
    check('customers_enterprise_no_birth', sql`${t.kind} = 'individual' OR (${t.birthDate} IS NULL AND ${t.gender} IS NULL)`),
    check('customers_gender', sql`${t.gender} IS NULL OR ${t.gender} IN ('male', 'female')`),
  ],
);
export type Customer = typeof customers.$inferSelect;
export type NewCustomer = typeof customers.$inferInsert;

/**
 * The guardian of a customer who is a minor (under 18 at intake): a minor cannot be saved without one. The guardian's
 * identity number is encrypted like the customer's; proof of guardianship is a required document of the case.
 */
export const customerGuardians = pgTable(
  'customer_guardians',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull().unique().references(() => customers.id),
    name: text('name').notNull(),
    relationship: text('relationship').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberLast4: text('id_number_last4').notNull(),
    proofRequired: boolean('proof_required').notNull().default(true),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('customer_guardians_relationship', sql`${t.relationship} IN ('parent', 'legal_guardian', 'other_relative')`)],
);

/**
 * The change history of a customer's record (变更记录), append-only: who changed which field, when, from what to what
 * (masked: the history is shown on screens), and under which request and approval when the change needed dual control.
 */
export const customerChanges = pgTable(
  'customer_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    field: text('field').notNull(),
    oldMasked: text('old_masked'),
    newMasked: text('new_masked').notNull(),
    // The dual-control record behind it: a supervisor's risk override request, or a customer's information-change case.
    requestId: uuid('request_id').references((): AnyPgColumn => changeRequests.id),
    caseId: uuid('case_id').references((): AnyPgColumn => cases.id),
    sessionId: uuid('session_id').references((): AnyPgColumn => serviceSessions.id),
    changedBy: uuid('changed_by').notNull().references(() => staff.id),
    approvedBy: uuid('approved_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('customer_changes_customer_idx').on(t.customerId, t.createdAt),
    check('customer_changes_field', sql`${t.field} IN ('mobile', 'name', 'document', 'birth_date', 'address', 'email', 'occupation', 'risk_level')`),
    // A change under dual control names its request or case (one, not both) and a checker who is not the maker; a
    // request always has its checker (a case the policy passed without approval has none).
    check(
      'customer_changes_approval_shape',
      sql`(${t.requestId} IS NULL OR ${t.approvedBy} IS NOT NULL) AND (${t.approvedBy} IS NULL OR ${t.requestId} IS NOT NULL OR ${t.caseId} IS NOT NULL) AND (${t.requestId} IS NULL OR ${t.caseId} IS NULL) AND (${t.approvedBy} IS NULL OR ${t.approvedBy} <> ${t.changedBy})`,
    ),
  ],
);

/**
 * An enterprise customer's registration: its legal representative (法定代表人) with their identity document (sealed)
 * and the business scope. The registered address is the customer's address (sealed, masked on screens) and the licence
 * end date the customer's document end date.
 */
export const enterpriseDetails = pgTable(
  'enterprise_details',
  {
  customerId: uuid('customer_id').primaryKey().references(() => customers.id),
  legalRepName: text('legal_rep_name').notNull(),
  legalRepDocumentType: text('legal_rep_document_type').notNull(),
  legalRepIdEnc: text('legal_rep_id_enc').notNull(),
  legalRepIdLast4: text('legal_rep_id_last4').notNull(),
  businessScope: text('business_scope').notNull(),
  createdBy: uuid('created_by').references(() => staff.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('enterprise_details_legal_rep_document', sql`${t.legalRepDocumentType} IN ('resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'hmt_residence_permit', 'foreign_permanent_residence')`)],
);

/**
 * A person an enterprise authorises to act for it (授权经办人), with their identity document (sealed) and the end of
 * their letter of authorisation, which is a required document of the case.
 */
export const customerAgents = pgTable(
  'customer_agents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    name: text('name').notNull(),
    documentType: text('document_type').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberLast4: text('id_number_last4').notNull(),
    authorisedUntil: date('authorised_until').notNull(),
    letterRequired: boolean('letter_required').notNull().default(true),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('customer_agents_customer_idx').on(t.customerId), check('customer_agents_document', sql`${t.documentType} IN ('resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'hmt_residence_permit', 'foreign_permanent_residence')`)],
);
