CREATE TABLE "scorecard_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"base_version" integer,
	"definition" jsonb NOT NULL,
	"note" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "scorecard_proposals_status" CHECK ("scorecard_proposals"."status" IN ('pending', 'approved', 'rejected')),
	CONSTRAINT "scorecard_proposals_four_eyes" CHECK ("scorecard_proposals"."decided_by" IS NULL OR "scorecard_proposals"."decided_by" <> "scorecard_proposals"."proposed_by"),
	CONSTRAINT "scorecard_proposals_decision_shape" CHECK (("scorecard_proposals"."status" = 'pending') = ("scorecard_proposals"."decided_by" IS NULL AND "scorecard_proposals"."decided_at" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "scorecard_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"businesses" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scorecard_templates_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "scorecard_versions" (
	"template_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"note" text NOT NULL,
	"proposed_by" uuid,
	"approved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scorecard_versions_template_id_version_pk" PRIMARY KEY("template_id","version"),
	CONSTRAINT "scorecard_versions_four_eyes" CHECK ("scorecard_versions"."proposed_by" IS NULL OR ("scorecard_versions"."approved_by" IS NOT NULL AND "scorecard_versions"."approved_by" <> "scorecard_versions"."proposed_by")),
	CONSTRAINT "scorecard_versions_positive" CHECK ("scorecard_versions"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "inspections" ALTER COLUMN "score" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "template_id" uuid;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "template_version" integer;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "critical_failure" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "status" text DEFAULT 'submitted' NOT NULL;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scorecard_proposals" ADD CONSTRAINT "scorecard_proposals_template_id_scorecard_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."scorecard_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_proposals" ADD CONSTRAINT "scorecard_proposals_proposed_by_staff_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_proposals" ADD CONSTRAINT "scorecard_proposals_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_templates" ADD CONSTRAINT "scorecard_templates_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_versions" ADD CONSTRAINT "scorecard_versions_template_id_scorecard_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."scorecard_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_versions" ADD CONSTRAINT "scorecard_versions_proposed_by_staff_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_versions" ADD CONSTRAINT "scorecard_versions_approved_by_staff_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scorecard_proposals_one_pending_idx" ON "scorecard_proposals" USING btree ("template_id") WHERE "scorecard_proposals"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_scorecard_version_fk" FOREIGN KEY ("template_id","template_version") REFERENCES "public"."scorecard_versions"("template_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspections_inspector_idx" ON "inspections" USING btree ("inspector_id","status");--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_status" CHECK ("inspections"."status" IN ('draft', 'submitted'));--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_version_shape" CHECK (("inspections"."template_id" IS NULL) = ("inspections"."template_version" IS NULL));--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_submitted_shape" CHECK (("inspections"."status" = 'submitted') = ("inspections"."score" IS NOT NULL) AND ("inspections"."status" = 'submitted') = ("inspections"."submitted_at" IS NOT NULL OR "inspections"."template_id" IS NULL));--> statement-breakpoint
-- Published versions are append-only; a proposal's content never changes and a decided one is final.
CREATE TRIGGER scorecard_versions_append_only BEFORE UPDATE OR DELETE ON scorecard_versions FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER scorecard_versions_no_truncate BEFORE TRUNCATE ON scorecard_versions FOR EACH STATEMENT EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE FUNCTION scorecard_proposals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'scorecard proposal % cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status <> 'pending' THEN
    RAISE EXCEPTION 'scorecard proposal % is already decided', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.template_id, NEW.base_version, NEW.definition, NEW.note, NEW.proposed_by, NEW.proposed_at)
     IS DISTINCT FROM (OLD.template_id, OLD.base_version, OLD.definition, OLD.note, OLD.proposed_by, OLD.proposed_at) THEN
    RAISE EXCEPTION 'scorecard proposal % cannot be altered', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER scorecard_proposals_guard BEFORE UPDATE OR DELETE ON scorecard_proposals FOR EACH ROW EXECUTE FUNCTION scorecard_proposals_guard();--> statement-breakpoint
-- An inspection is final once submitted; a draft stays its inspector's, on its session and its scorecard version.
CREATE FUNCTION inspections_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'inspection % cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'submitted' THEN
    RAISE EXCEPTION 'inspection % is already submitted', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.session_id, NEW.inspector_id, NEW.scorecard, NEW.template_id, NEW.template_version, NEW.created_at)
     IS DISTINCT FROM (OLD.session_id, OLD.inspector_id, OLD.scorecard, OLD.template_id, OLD.template_version, OLD.created_at) THEN
    RAISE EXCEPTION 'inspection % cannot change its session, inspector or scorecard', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER inspections_guard BEFORE UPDATE OR DELETE ON inspections FOR EACH ROW EXECUTE FUNCTION inspections_guard();--> statement-breakpoint
-- Version 1 of the default scorecard, for every channel and business (no proposer: the migrations publish it).
WITH t AS (INSERT INTO scorecard_templates (name) VALUES ('通用服务质检表') RETURNING id)
INSERT INTO scorecard_versions (template_id, version, definition, note)
SELECT id, 1, '{"sections": [{"key": "opening", "title": "开场与身份声明", "items": [{"key": "greeting", "title": "规范问候并报工号", "guidance": "接通后 10 秒内问候，报出柜员工号。", "weight": 10, "scale": {"kind": "yes_no"}, "critical": false, "allowNa": false}, {"key": "identity_statement", "title": "说明机构与服务身份", "guidance": "说明本行名称及远程柜面服务身份，告知录音录像。", "weight": 5, "scale": {"kind": "yes_no"}, "critical": false, "allowNa": false}]}, {"key": "verification", "title": "身份核验合规", "items": [{"key": "verification_before_request", "title": "办理业务前完成规定的身份验证", "guidance": "按业务类型与客户风险等级完成所需验证步骤后方可提交业务；高风险业务跳过动态口令为严重差错。", "weight": 20, "scale": {"kind": "yes_no"}, "critical": true, "allowNa": true, "auto": "verification_before_request"}, {"key": "confirmation", "title": "完成身份确认", "guidance": "向客户复述掩码后的身份信息并取得确认。", "weight": 10, "scale": {"kind": "yes_no"}, "critical": false, "allowNa": true, "auto": "confirmation_done"}]}, {"key": "accuracy", "title": "信息录入准确性", "items": [{"key": "data_accuracy", "title": "客户信息与业务要素录入准确", "guidance": "姓名、证件、金额、账号等要素与客户陈述一致。5 分为完全准确。", "weight": 15, "scale": {"kind": "points", "max": 5}, "critical": false, "allowNa": false}]}, {"key": "completeness", "title": "办理完整性", "items": [{"key": "supplement_followed", "title": "资料退回后及时发起补件", "guidance": "资料被退回后，应向客户说明并发起补件。", "weight": 5, "scale": {"kind": "yes_no"}, "critical": false, "allowNa": true, "auto": "supplement_after_rejection"}, {"key": "completeness", "title": "业务办理完整、无遗漏", "guidance": "客户提出的诉求均已办理或明确答复。", "weight": 5, "scale": {"kind": "yes_no"}, "critical": false, "allowNa": false}]}, {"key": "risk", "title": "风险提示", "items": [{"key": "risk_disclosure", "title": "按要求进行风险提示", "guidance": "资金类及信息变更类业务须提示风险；未涉及时选“不适用”。", "weight": 10, "scale": {"kind": "yes_no"}, "critical": false, "allowNa": true}]}, {"key": "attitude", "title": "服务态度", "items": [{"key": "attitude", "title": "语气耐心、用语规范", "guidance": "5 分为始终耐心礼貌、用语规范。", "weight": 10, "scale": {"kind": "points", "max": 5}, "critical": false, "allowNa": false}]}, {"key": "closing", "title": "结束", "items": [{"key": "closed_with_outcome", "title": "会话以明确结果结束", "guidance": "结束会话时记录结果与满意度。", "weight": 5, "scale": {"kind": "yes_no"}, "critical": false, "allowNa": false, "auto": "closed_with_outcome"}, {"key": "closing_words", "title": "规范结束语", "guidance": "确认客户无其他需要后使用规范结束语。", "weight": 5, "scale": {"kind": "yes_no"}, "critical": false, "allowNa": false}]}]}'::jsonb, '默认评分表 Default scorecard' FROM t;
