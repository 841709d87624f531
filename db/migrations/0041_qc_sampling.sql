CREATE TABLE "qc_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"inspector_id" uuid NOT NULL,
	"draw_id" uuid,
	"reason" text NOT NULL,
	"risk_reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text,
	"assigned_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qc_assignments_session_id_unique" UNIQUE("session_id"),
	CONSTRAINT "qc_assignments_reason" CHECK ("qc_assignments"."reason" IN ('random', 'risk', 'manual', 'reinspection')),
	CONSTRAINT "qc_assignments_shape" CHECK (("qc_assignments"."reason" IN ('random', 'risk')) = ("qc_assignments"."draw_id" IS NOT NULL) AND ("qc_assignments"."reason" <> 'manual' OR ("qc_assignments"."assigned_by" IS NOT NULL AND coalesce(length(btrim("qc_assignments"."note")), 0) > 0)))
);
--> statement-breakpoint
CREATE TABLE "qc_draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"seed" text NOT NULL,
	"input" jsonb NOT NULL,
	"candidates" integer NOT NULL,
	"drawn" integer NOT NULL,
	"unassigned" integer DEFAULT 0 NOT NULL,
	"drawn_by" uuid,
	"drawn_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qc_draws_period" CHECK ("qc_draws"."period_end" > "qc_draws"."period_start")
);
--> statement-breakpoint
CREATE TABLE "qc_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"period" text NOT NULL,
	"rate_kind" text NOT NULL,
	"rate_value" integer NOT NULL,
	"new_teller_weeks" integer DEFAULT 4 NOT NULL,
	"new_teller_rate" integer NOT NULL,
	"risk" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qc_plans_name_unique" UNIQUE("name"),
	CONSTRAINT "qc_plans_period" CHECK ("qc_plans"."period" IN ('week', 'month')),
	CONSTRAINT "qc_plans_rate_kind" CHECK ("qc_plans"."rate_kind" IN ('percent', 'count')),
	CONSTRAINT "qc_plans_rates" CHECK ("qc_plans"."rate_value" >= 0 AND "qc_plans"."new_teller_rate" >= "qc_plans"."rate_value" AND "qc_plans"."new_teller_weeks" >= 0 AND ("qc_plans"."rate_kind" <> 'percent' OR "qc_plans"."new_teller_rate" <= 100))
);
--> statement-breakpoint
ALTER TABLE "qc_assignments" ADD CONSTRAINT "qc_assignments_session_id_service_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."service_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_assignments" ADD CONSTRAINT "qc_assignments_inspector_id_staff_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_assignments" ADD CONSTRAINT "qc_assignments_draw_id_qc_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."qc_draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_assignments" ADD CONSTRAINT "qc_assignments_assigned_by_staff_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_draws" ADD CONSTRAINT "qc_draws_plan_id_qc_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."qc_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_draws" ADD CONSTRAINT "qc_draws_drawn_by_staff_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_plans" ADD CONSTRAINT "qc_plans_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "qc_assignments_inspector_idx" ON "qc_assignments" USING btree ("inspector_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "qc_draws_period_idx" ON "qc_draws" USING btree ("plan_id","period_start");--> statement-breakpoint
-- Who took part in a session: its teller, anyone on its timeline, the maker or a checker of one of its cases or requests.
CREATE FUNCTION took_part_in_session(p_session uuid, p_staff uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM service_sessions s WHERE s.id = p_session AND s.teller_id = p_staff)
      OR EXISTS (SELECT 1 FROM session_events e WHERE e.session_id = p_session AND e.actor_id = p_staff)
      OR EXISTS (SELECT 1 FROM change_requests r WHERE r.session_id = p_session AND (r.maker_id = p_staff OR r.checker_id = p_staff))
      OR EXISTS (SELECT 1 FROM cases c WHERE c.session_id = p_session AND c.maker_id = p_staff)
      OR EXISTS (SELECT 1 FROM case_decisions d JOIN cases c ON c.id = d.case_id WHERE c.session_id = p_session AND d.approver_id = p_staff)
$$;--> statement-breakpoint
-- A session is assigned to an active inspector who took no part in it.
CREATE FUNCTION qc_assignments_independent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM staff WHERE id = NEW.inspector_id AND role = 'qc' AND active) THEN
    RAISE EXCEPTION 'a session is assigned to an active QC inspector' USING ERRCODE = 'check_violation';
  END IF;
  IF took_part_in_session(NEW.session_id, NEW.inspector_id) THEN
    RAISE EXCEPTION 'an inspector cannot be assigned a session they took part in' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER qc_assignments_independent BEFORE INSERT OR UPDATE ON qc_assignments FOR EACH ROW EXECUTE FUNCTION qc_assignments_independent();--> statement-breakpoint
-- A session assigned to an inspector is inspected by that inspector.
CREATE FUNCTION inspections_by_assignee() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM qc_assignments a WHERE a.session_id = NEW.session_id AND a.inspector_id <> NEW.inspector_id) THEN
    RAISE EXCEPTION 'session % is assigned to another inspector', NEW.session_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER inspections_by_assignee BEFORE INSERT ON inspections FOR EACH ROW EXECUTE FUNCTION inspections_by_assignee();--> statement-breakpoint
-- A draw is a record: what was drawn, from what, with which seed.
CREATE TRIGGER qc_draws_append_only BEFORE UPDATE OR DELETE ON qc_draws FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
-- The default plan: 10% of each teller's sessions a week (30% in a teller's first 4 weeks), and every session a risk
-- rule flags.
INSERT INTO qc_plans (name, period, rate_kind, rate_value, new_teller_weeks, new_teller_rate, risk)
VALUES ('每周抽检 Weekly sample', 'week', 'percent', 10, 4, 30,
  '{"failedVerification": true, "rejectedApproval": true, "fundsOverFen": 5000000, "shortHandleSeconds": 30, "longHandleSeconds": 1800, "lowSatisfaction": 2}'::jsonb);
