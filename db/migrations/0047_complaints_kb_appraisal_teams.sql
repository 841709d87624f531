-- Complaint references: TS<Beijing date>-<5 digits>.
CREATE SEQUENCE complaint_ref_seq;--> statement-breakpoint
CREATE TABLE "staff_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "staff_notifications_link" CHECK ("staff_notifications"."link" IS NULL OR "staff_notifications"."link" ~ '^/[^/]')
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_unique" UNIQUE("name"),
	CONSTRAINT "teams_name" CHECK (length(btrim("teams"."name")) BETWEEN 1 AND 60)
);
--> statement-breakpoint
CREATE TABLE "working_calendar" (
	"day" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "working_calendar_day" CHECK ("working_calendar"."day" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
	CONSTRAINT "working_calendar_name" CHECK (length(btrim("working_calendar"."name")) BETWEEN 1 AND 40),
	CONSTRAINT "working_calendar_kind" CHECK (("working_calendar"."kind" = 'holiday' AND extract(isodow FROM "working_calendar"."day"::date) < 6) OR ("working_calendar"."kind" = 'workday' AND extract(isodow FROM "working_calendar"."day"::date) >= 6))
);
--> statement-breakpoint
CREATE TABLE "complaint_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"actor_id" uuid,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_policies" (
	"version" integer PRIMARY KEY NOT NULL,
	"policy" jsonb NOT NULL,
	"note" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ref" text DEFAULT ('TS' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(nextval('complaint_ref_seq')::text, 5, '0')) NOT NULL,
	"channel" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"session_id" uuid,
	"case_id" uuid,
	"subject_staff_id" uuid,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"content" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" text DEFAULT 'accepted' NOT NULL,
	"handler_id" uuid,
	"assigned_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"policy_version" integer NOT NULL,
	"acknowledge_by" timestamp with time zone NOT NULL,
	"resolve_by" timestamp with time zone NOT NULL,
	"acknowledge_escalated_at" timestamp with time zone,
	"resolve_escalated_at" timestamp with time zone,
	"root_cause" text,
	"action_taken" text,
	"upheld" boolean,
	"compensation_fen" bigint,
	"compensation_case_id" uuid,
	"resolved_at" timestamp with time zone,
	"satisfaction" smallint,
	"feedback_note" text,
	"feedback_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaints_ref_unique" UNIQUE("ref"),
	CONSTRAINT "complaints_channel" CHECK ("complaints"."channel" IN ('phone', 'online', 'email', 'letter', 'regulator')),
	CONSTRAINT "complaints_category" CHECK ("complaints"."category" IN ('service_attitude', 'wrong_operation', 'delay', 'fees', 'information_security', 'other')),
	CONSTRAINT "complaints_severity" CHECK ("complaints"."severity" IN ('low', 'medium', 'high')),
	CONSTRAINT "complaints_state" CHECK ("complaints"."state" IN ('accepted', 'investigating', 'resolved', 'feedback', 'closed')),
	CONSTRAINT "complaints_content" CHECK (length(btrim("complaints"."content")) BETWEEN 1 AND 4000),
	CONSTRAINT "complaints_handler_not_subject" CHECK ("complaints"."handler_id" IS NULL OR "complaints"."subject_staff_id" IS NULL OR "complaints"."handler_id" <> "complaints"."subject_staff_id"),
	CONSTRAINT "complaints_deadlines" CHECK ("complaints"."acknowledge_by" > "complaints"."received_at" AND "complaints"."resolve_by" >= "complaints"."acknowledge_by"),
	CONSTRAINT "complaints_acknowledged" CHECK (("complaints"."handler_id" IS NULL) = ("complaints"."acknowledged_at" IS NULL) AND ("complaints"."state" = 'accepted' OR "complaints"."handler_id" IS NOT NULL)),
	CONSTRAINT "complaints_resolution" CHECK (("complaints"."state" IN ('resolved', 'feedback', 'closed')) = ("complaints"."resolved_at" IS NOT NULL) AND ("complaints"."resolved_at" IS NULL OR (length(btrim(coalesce("complaints"."root_cause", ''))) > 0 AND length(btrim(coalesce("complaints"."action_taken", ''))) > 0 AND "complaints"."upheld" IS NOT NULL))),
	CONSTRAINT "complaints_compensation" CHECK ("complaints"."compensation_fen" IS NULL OR "complaints"."compensation_fen" > 0),
	CONSTRAINT "complaints_feedback" CHECK (("complaints"."state" IN ('feedback', 'closed')) = ("complaints"."feedback_at" IS NOT NULL) AND ("complaints"."feedback_at" IS NULL OR "complaints"."satisfaction" BETWEEN 1 AND 5)),
	CONSTRAINT "complaints_closed" CHECK (("complaints"."state" = 'closed') = ("complaints"."closed_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "kb_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_version" integer,
	CONSTRAINT "kb_articles_kind" CHECK ("kb_articles"."kind" IN ('product', 'procedure', 'faq', 'documents'))
);
--> statement-breakpoint
CREATE TABLE "kb_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"article_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"staff_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_feedback_kind" CHECK ("kb_feedback"."kind" IN ('helpful', 'outdated')),
	CONSTRAINT "kb_feedback_note" CHECK ("kb_feedback"."kind" <> 'outdated' OR length(btrim(coalesce("kb_feedback"."note", ''))) BETWEEN 2 AND 1000)
);
--> statement-breakpoint
CREATE TABLE "kb_versions" (
	"article_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"business_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"review_by" text NOT NULL,
	"search_tokens" text[] NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "kb_versions_article_id_version_pk" PRIMARY KEY("article_id","version"),
	CONSTRAINT "kb_versions_status" CHECK ("kb_versions"."status" IN ('pending', 'published', 'rejected', 'superseded')),
	CONSTRAINT "kb_versions_title" CHECK (length(btrim("kb_versions"."title")) BETWEEN 1 AND 120),
	CONSTRAINT "kb_versions_body" CHECK (length(btrim("kb_versions"."body")) BETWEEN 1 AND 50000),
	CONSTRAINT "kb_versions_review_by" CHECK ("kb_versions"."review_by" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
	CONSTRAINT "kb_versions_four_eyes" CHECK ("kb_versions"."decided_by" IS NULL OR "kb_versions"."author_id" IS NULL OR "kb_versions"."decided_by" <> "kb_versions"."author_id"),
	CONSTRAINT "kb_versions_decision_shape" CHECK (("kb_versions"."status" = 'pending') = ("kb_versions"."decided_at" IS NULL) AND ("kb_versions"."status" IN ('pending', 'superseded') OR "kb_versions"."decided_by" IS NOT NULL OR "kb_versions"."author_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "appraisal_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_id" uuid NOT NULL,
	"month" text NOT NULL,
	"version" integer NOT NULL,
	"team_id" uuid,
	"figures" jsonb NOT NULL,
	"weights_version" integer NOT NULL,
	"total" numeric(6, 2) NOT NULL,
	"computed_by" uuid,
	"reason" text,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appraisal_results_month" CHECK ("appraisal_results"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "appraisal_results_recalculation" CHECK ("appraisal_results"."version" = 1 OR ("appraisal_results"."computed_by" IS NOT NULL AND length(btrim(coalesce("appraisal_results"."reason", ''))) > 0))
);
--> statement-breakpoint
CREATE TABLE "appraisal_weights" (
	"version" integer PRIMARY KEY NOT NULL,
	"weights" jsonb NOT NULL,
	"note" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "qc_assignments" DROP CONSTRAINT "qc_assignments_reason";--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "staff_notifications" ADD CONSTRAINT "staff_notifications_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_calendar" ADD CONSTRAINT "working_calendar_set_by_staff_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_actor_id_staff_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_policies" ADD CONSTRAINT "complaint_policies_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_session_id_service_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."service_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_subject_staff_id_staff_id_fk" FOREIGN KEY ("subject_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_handler_id_staff_id_fk" FOREIGN KEY ("handler_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_assigned_by_staff_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_policy_version_complaint_policies_version_fk" FOREIGN KEY ("policy_version") REFERENCES "public"."complaint_policies"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_compensation_case_id_cases_id_fk" FOREIGN KEY ("compensation_case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD CONSTRAINT "kb_articles_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_feedback" ADD CONSTRAINT "kb_feedback_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_feedback" ADD CONSTRAINT "kb_feedback_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_versions" ADD CONSTRAINT "kb_versions_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_versions" ADD CONSTRAINT "kb_versions_author_id_staff_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_versions" ADD CONSTRAINT "kb_versions_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_results" ADD CONSTRAINT "appraisal_results_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_results" ADD CONSTRAINT "appraisal_results_weights_version_appraisal_weights_version_fk" FOREIGN KEY ("weights_version") REFERENCES "public"."appraisal_weights"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_results" ADD CONSTRAINT "appraisal_results_computed_by_staff_id_fk" FOREIGN KEY ("computed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_weights" ADD CONSTRAINT "appraisal_weights_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_notifications_unread_idx" ON "staff_notifications" USING btree ("staff_id","created_at") WHERE "staff_notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE INDEX "complaint_events_complaint_idx" ON "complaint_events" USING btree ("complaint_id","seq");--> statement-breakpoint
CREATE INDEX "complaints_open_idx" ON "complaints" USING btree ("state","resolve_by");--> statement-breakpoint
CREATE INDEX "complaints_handler_idx" ON "complaints" USING btree ("handler_id","state");--> statement-breakpoint
CREATE INDEX "complaints_customer_idx" ON "complaints" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "complaints_session_idx" ON "complaints" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "complaints_subject_idx" ON "complaints" USING btree ("subject_staff_id","received_at");--> statement-breakpoint
CREATE INDEX "complaints_received_idx" ON "complaints" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "kb_feedback_once_idx" ON "kb_feedback" USING btree ("article_id","version","staff_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "kb_versions_one_pending_idx" ON "kb_versions" USING btree ("article_id") WHERE "kb_versions"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "kb_versions_search_idx" ON "kb_versions" USING gin ("search_tokens") WHERE "kb_versions"."status" = 'published';--> statement-breakpoint
CREATE INDEX "kb_versions_business_idx" ON "kb_versions" USING gin ("business_types") WHERE "kb_versions"."status" = 'published';--> statement-breakpoint
CREATE INDEX "kb_versions_review_idx" ON "kb_versions" USING btree ("author_id","review_by") WHERE "kb_versions"."status" = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "appraisal_results_version_idx" ON "appraisal_results" USING btree ("staff_id","month","version");--> statement-breakpoint
CREATE INDEX "appraisal_results_month_idx" ON "appraisal_results" USING btree ("month","team_id");--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_team_idx" ON "staff" USING btree ("team_id");--> statement-breakpoint
ALTER TABLE "qc_assignments" ADD CONSTRAINT "qc_assignments_reason" CHECK ("qc_assignments"."reason" IN ('random', 'risk', 'manual', 'reinspection', 'complaint'));--> statement-breakpoint
-- The defaults: complaints acknowledged within 1 working day and resolved within 15; appraisal weights.
INSERT INTO complaint_policies (version, policy, note) VALUES (1, '{"default": {"acknowledgeDays": 1, "resolveDays": 15}, "rules": []}'::jsonb, '默认时限：1 个工作日内受理，15 个工作日内办结');--> statement-breakpoint
INSERT INTO appraisal_weights (version, weights, note) VALUES (1, '{"volume": 15, "quality": 30, "efficiency": 15, "satisfaction": 20, "compliance": 20}'::jsonb, '默认权重');--> statement-breakpoint
CREATE TRIGGER complaint_policies_append_only BEFORE UPDATE OR DELETE ON complaint_policies FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER complaint_events_append_only BEFORE UPDATE OR DELETE ON complaint_events FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER appraisal_weights_append_only BEFORE UPDATE OR DELETE ON appraisal_weights FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER appraisal_results_append_only BEFORE UPDATE OR DELETE ON appraisal_results FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER kb_feedback_append_only BEFORE UPDATE OR DELETE ON kb_feedback FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
-- A complaint is born accepted; keeps what was recorded, its deadlines and its policy; moves only along the lifecycle of
-- lib/complaints/lifecycle.ts; is never deleted. The handler is never the staff member complained about (a CHECK).
CREATE FUNCTION complaints_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'complaint % cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.state <> 'accepted' OR NEW.resolved_at IS NOT NULL THEN
      RAISE EXCEPTION 'a complaint is born accepted' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.received_at > now() + interval '1 minute' THEN
      RAISE EXCEPTION 'a complaint cannot be received in the future' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.ref, NEW.channel, NEW.customer_id, NEW.session_id, NEW.case_id, NEW.subject_staff_id, NEW.category, NEW.severity, NEW.content, NEW.received_at, NEW.recorded_by, NEW.created_at, NEW.policy_version, NEW.acknowledge_by)
     IS DISTINCT FROM (OLD.ref, OLD.channel, OLD.customer_id, OLD.session_id, OLD.case_id, OLD.subject_staff_id, OLD.category, OLD.severity, OLD.content, OLD.received_at, OLD.recorded_by, OLD.created_at, OLD.policy_version, OLD.acknowledge_by) THEN
    RAISE EXCEPTION 'complaint % keeps what was recorded', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.state IS DISTINCT FROM OLD.state AND (OLD.state, NEW.state) NOT IN (
       ('accepted', 'investigating'), ('investigating', 'resolved'), ('resolved', 'feedback'), ('feedback', 'closed'),
       ('resolved', 'investigating'), ('feedback', 'investigating'), ('closed', 'investigating')) THEN
    RAISE EXCEPTION 'complaint % cannot go from % to %', OLD.id, OLD.state, NEW.state USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.handler_id IS NOT NULL AND NEW.handler_id IS NULL THEN
    RAISE EXCEPTION 'complaint % keeps a handler once acknowledged', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.handler_id IS DISTINCT FROM OLD.handler_id AND NOT EXISTS (SELECT 1 FROM staff st WHERE st.id = NEW.handler_id AND st.active AND st.role IN ('teller', 'supervisor')) THEN
    RAISE EXCEPTION 'a complaint is handled by an active teller or supervisor' USING ERRCODE = 'check_violation';
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER complaints_guard BEFORE INSERT OR UPDATE OR DELETE ON complaints FOR EACH ROW EXECUTE FUNCTION complaints_guard();--> statement-breakpoint
-- A knowledge-base version keeps its text, tags, review date and author; pending becomes published or rejected (by a
-- second person: a CHECK), published becomes superseded; nothing else, and nothing is deleted.
CREATE FUNCTION kb_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'article version %/% cannot be deleted', OLD.article_id, OLD.version USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'pending' AND NEW.author_id IS NOT NULL THEN
      RAISE EXCEPTION 'an article version is born pending' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.article_id, NEW.version, NEW.title, NEW.body, NEW.business_types, NEW.review_by, NEW.search_tokens, NEW.author_id, NEW.created_at)
     IS DISTINCT FROM (OLD.article_id, OLD.version, OLD.title, OLD.body, OLD.business_types, OLD.review_by, OLD.search_tokens, OLD.author_id, OLD.created_at) THEN
    RAISE EXCEPTION 'article version %/% cannot be altered', OLD.article_id, OLD.version USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND (OLD.status, NEW.status) NOT IN (('pending', 'published'), ('pending', 'rejected'), ('published', 'superseded')) THEN
    RAISE EXCEPTION 'article version %/% cannot go from % to %', OLD.article_id, OLD.version, OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status <> 'pending' AND (NEW.decided_by, NEW.decided_at, NEW.decision_note) IS DISTINCT FROM (OLD.decided_by, OLD.decided_at, OLD.decision_note) THEN
    RAISE EXCEPTION 'article version %/% is decided', OLD.article_id, OLD.version USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER kb_versions_guard BEFORE INSERT OR UPDATE OR DELETE ON kb_versions FOR EACH ROW EXECUTE FUNCTION kb_versions_guard();--> statement-breakpoint
-- One published version per article, the one the article names.
CREATE UNIQUE INDEX kb_versions_one_published_idx ON kb_versions (article_id) WHERE status = 'published';