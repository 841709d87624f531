import 'server-only';
import { pgEnum } from 'drizzle-orm/pg-core';

export const staffRole = pgEnum('staff_role', ['teller', 'supervisor', 'qc', 'admin']);
export const auditOutcome = pgEnum('audit_outcome', ['ok', 'denied', 'failed']);
export const channel = pgEnum('channel', ['phone', 'video', 'chat']);
export const sessionOutcome = pgEnum('session_outcome', ['resolved', 'transferred', 'dropped', 'abandoned']);
export const serviceSessionStatus = pgEnum('service_session_status', ['open', 'ended']);
export const verificationKind = pgEnum('verification_kind', ['basic', 'password', 'otp', 'confirmation', 'document']);
export const lockStatus = pgEnum('verification_lock_status', ['open', 'cleared']);
export const outboxChannel = pgEnum('outbox_channel', ['sms', 'email', 'in_app']);
export const outboxStatus = pgEnum('outbox_status', ['queued', 'sending', 'sent', 'failed']);
export const verificationResult = pgEnum('verification_result', ['pass', 'fail']);
export const changeRequestType = pgEnum('change_request_type', ['change_mobile', 'change_name', 'change_document', 'change_birth_date', 'risk_override']);
export const changeRequestStatus = pgEnum('change_request_status', ['pending', 'approved', 'rejected']);
export const riskLevel = pgEnum('risk_level', ['low', 'medium', 'high']);
export const freezeStatus = pgEnum('customer_freeze_status', ['active', 'release_pending', 'released']);
