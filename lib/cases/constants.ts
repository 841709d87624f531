import type { RiskLevel } from '@/lib/customers/risk-levels';

// The cases' closed sets, zod-free so client components can list them without the schemas
// (lib/cases/approval-policy.ts and lib/cases/schemas.ts build those and re-export what is here).

/**
 * Approval levels:
 * - 0: no approval; the case goes from ready straight to approved (auto_approve).
 * - 1: one supervisor, who is not the maker (双人复核, four eyes).
 * - 2: two different supervisors, neither of them the maker (集体审议).
 */
export const APPROVAL_LEVELS = [0, 1, 2] as const;
export type ApprovalLevel = (typeof APPROVAL_LEVELS)[number];

/** Every business the counter may take as a case. */
export const BUSINESS_TYPES = [
  'open_account',
  'open_card',
  'card_activation',
  'change_mobile',
  'change_name',
  'change_document',
  'change_birth_date',
  'change_contact',
  'transfer_internal',
  'transfer_external',
  'payout',
  'card_loss',
  'unfreeze',
  'password_reset',
  'limit_change',
  'account_closure',
  // A complaint's compensation (投诉补偿): credited to the customer's account from the bank's compensation account.
  'compensation',
] as const;
export type Business = (typeof BUSINESS_TYPES)[number];

/** Business that moves money out of, or between, accounts (资金类业务). */
export const FUND_MOVEMENTS = ['transfer_internal', 'transfer_external', 'payout', 'compensation'] as const satisfies readonly Business[];
export type FundMovement = (typeof FUND_MOVEMENTS)[number];

/** Changes to the information that identifies a customer (身份信息变更): the usual first step of an account takeover. */
export const IDENTITY_CHANGES = ['change_name', 'change_document', 'change_birth_date', 'change_mobile'] as const satisfies readonly Business[];

/** How the customer reached the counter. */
export const CHANNELS = ['phone', 'video', 'chat'] as const;
export type Channel = (typeof CHANNELS)[number];

/** CNY 1 billion (10亿元): the largest amount the counter accepts, in fen. Also far below 2^53, so fen stay exact. */
export const MAX_AMOUNT_FEN = 100_000_000_000;

/** What the policy looks at about one case (collected by the caller). Money is always integer fen (分), CNY. */
export type PolicyFacts = {
  business: Business;
  /** The amount of a fund movement, or null for business without one. */
  amountFen: number | null;
  customerRisk: RiskLevel;
  /** The contact's channel; null for business not made in a contact (a complaint's compensation). */
  channel: Channel | null;
  /** For information changes: which fields change, e.g. ['name'] or ['address']. */
  fieldsChanged?: readonly string[];
};

/** Why a supervisor refuses or returns a case (the decision form's choices). */
export const REFUSAL_REASONS = ['insufficient_documents', 'verification_doubt', 'suspicious', 'policy', 'customer_withdrew', 'other'] as const;
