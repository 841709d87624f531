CREATE TABLE "customer_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"field" text NOT NULL,
	"old_masked" text,
	"new_masked" text NOT NULL,
	"request_id" uuid,
	"session_id" uuid,
	"changed_by" uuid NOT NULL,
	"approved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_changes_field" CHECK ("customer_changes"."field" IN ('mobile', 'name', 'document', 'birth_date', 'address', 'email', 'occupation', 'risk_level')),
	CONSTRAINT "customer_changes_approval_shape" CHECK (("customer_changes"."request_id" IS NULL) = ("customer_changes"."approved_by" IS NULL) AND ("customer_changes"."approved_by" IS NULL OR "customer_changes"."approved_by" <> "customer_changes"."changed_by"))
);
--> statement-breakpoint
ALTER TABLE "customer_changes" ADD CONSTRAINT "customer_changes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_changes" ADD CONSTRAINT "customer_changes_changed_by_staff_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_changes" ADD CONSTRAINT "customer_changes_approved_by_staff_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_changes_customer_idx" ON "customer_changes" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE TRIGGER customer_changes_append_only BEFORE UPDATE OR DELETE ON customer_changes FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER customer_changes_no_truncate BEFORE TRUNCATE ON customer_changes FOR EACH STATEMENT EXECUTE FUNCTION reject_change();--> statement-breakpoint
-- The information changes join the verification ladder: a new policy version keeps every rule of the newest one and
-- adds them. Identity fields need the password and a one-time code at every risk level; contact details need basic
-- information (and a one-time code for a high-risk customer).
INSERT INTO ladder_policies (version, rules, note)
SELECT version + 1,
  rules || '{"change_name":{"low":["basic","password","otp"],"medium":["basic","password","otp"],"high":["basic","password","otp"]},"change_document":{"low":["basic","password","otp"],"medium":["basic","password","otp"],"high":["basic","password","otp"]},"change_birth_date":{"low":["basic","password","otp"],"medium":["basic","password","otp"],"high":["basic","password","otp"]},"change_contact":{"low":["basic"],"medium":["basic"],"high":["basic","otp"]}}'::jsonb,
  '信息变更纳入验证阶梯 Information changes join the ladder'
FROM ladder_policies ORDER BY version DESC LIMIT 1;
