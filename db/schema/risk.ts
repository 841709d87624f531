import 'server-only';
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Contribution, RiskModel } from '@/lib/customers/risk';
import { customers } from './customers';
import { riskLevel } from './enums';
import { changeRequests } from './service-sessions';
import { staff } from './staff';

/**
 * The customer risk model (风险评估模型): factor points and level thresholds. Versioned and append-only (a trigger refuses
 * UPDATE and DELETE); the newest version assesses, and every assessment names the version it used.
 */
export const riskModels = pgTable(
  'risk_models',
  {
    version: integer('version').primaryKey(),
    model: jsonb('model').$type<RiskModel>().notNull(),
    note: text('note').notNull(),
    publishedBy: uuid('published_by').references(() => staff.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('risk_models_version_positive', sql`${t.version} > 0`)],
);

/**
 * Every assessment of a customer, append-only: the model version, the score and the contribution of each factor (so
 * the screen can say why), the level the model gave and the level that applies — which differs only while a
 * supervisor's override, approved under dual control, stands.
 */
export const customerRiskAssessments = pgTable(
  'customer_risk_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    modelVersion: integer('model_version').notNull().references(() => riskModels.version),
    score: integer('score').notNull(),
    computedLevel: riskLevel('computed_level').notNull(),
    level: riskLevel('level').notNull(),
    contributions: jsonb('contributions').$type<Contribution[]>().notNull(),
    trigger: text('trigger').notNull(),
    overrideRequestId: uuid('override_request_id').references(() => changeRequests.id),
    assessedBy: uuid('assessed_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('customer_risk_assessments_customer_idx').on(t.customerId, t.createdAt),
    check('customer_risk_assessments_trigger', sql`${t.trigger} IN ('intake', 'change', 'verification_lock', 'fraud', 'override', 'expiry', 'model', 'backfill')`),
    // An override's level differs from the model's only through an approved override request.
    check('customer_risk_assessments_override_shape', sql`(${t.trigger} = 'override') = (${t.overrideRequestId} IS NOT NULL)`),
  ],
);
export type CustomerRiskAssessment = typeof customerRiskAssessments.$inferSelect;
