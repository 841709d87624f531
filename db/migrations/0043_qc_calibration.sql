CREATE TABLE "calibration_members" (
	"round_id" uuid NOT NULL,
	"inspector_id" uuid NOT NULL,
	CONSTRAINT "calibration_members_round_id_inspector_id_pk" PRIMARY KEY("round_id","inspector_id")
);
--> statement-breakpoint
CREATE TABLE "calibration_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"template_id" uuid NOT NULL,
	"template_version" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "calibration_rounds_name" CHECK (length(btrim("calibration_rounds"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "calibration_scores" (
	"round_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"inspector_id" uuid NOT NULL,
	"ratings" jsonb NOT NULL,
	"score" integer NOT NULL,
	"critical_failure" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calibration_scores_round_id_session_id_inspector_id_pk" PRIMARY KEY("round_id","session_id","inspector_id"),
	CONSTRAINT "calibration_scores_range" CHECK ("calibration_scores"."score" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "calibration_sessions" (
	"round_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	CONSTRAINT "calibration_sessions_round_id_session_id_pk" PRIMARY KEY("round_id","session_id")
);
--> statement-breakpoint
ALTER TABLE "calibration_members" ADD CONSTRAINT "calibration_members_round_id_calibration_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."calibration_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_members" ADD CONSTRAINT "calibration_members_inspector_id_staff_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_rounds" ADD CONSTRAINT "calibration_rounds_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_rounds" ADD CONSTRAINT "calibration_rounds_version_fk" FOREIGN KEY ("template_id","template_version") REFERENCES "public"."scorecard_versions"("template_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_scores" ADD CONSTRAINT "calibration_scores_round_id_calibration_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."calibration_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_scores" ADD CONSTRAINT "calibration_scores_session_id_service_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."service_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_scores" ADD CONSTRAINT "calibration_scores_inspector_id_staff_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_sessions" ADD CONSTRAINT "calibration_sessions_round_id_calibration_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."calibration_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_sessions" ADD CONSTRAINT "calibration_sessions_session_id_service_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."service_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A calibration score is a member's, on a session of the round, by an inspector who took no part in it; final once
-- given, and none after the round is closed.
CREATE FUNCTION calibration_scores_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'a calibration score is final' USING ERRCODE = 'check_violation';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM calibration_members m WHERE m.round_id = NEW.round_id AND m.inspector_id = NEW.inspector_id)
     OR NOT EXISTS (SELECT 1 FROM calibration_sessions s WHERE s.round_id = NEW.round_id AND s.session_id = NEW.session_id) THEN
    RAISE EXCEPTION 'a calibration score is a member''s, on a session of the round' USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM calibration_rounds r WHERE r.id = NEW.round_id AND r.closed_at IS NOT NULL) THEN
    RAISE EXCEPTION 'calibration round % is closed', NEW.round_id USING ERRCODE = 'check_violation';
  END IF;
  IF took_part_in_session(NEW.session_id, NEW.inspector_id) THEN
    RAISE EXCEPTION 'an inspector cannot score a session they took part in' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER calibration_scores_guard BEFORE INSERT OR UPDATE OR DELETE ON calibration_scores FOR EACH ROW EXECUTE FUNCTION calibration_scores_guard();--> statement-breakpoint
-- Members are active inspectors; the sessions and members of a round are fixed once it has scores.
CREATE FUNCTION calibration_members_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'a calibration round''s members are fixed' USING ERRCODE = 'check_violation';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM staff s WHERE s.id = NEW.inspector_id AND s.role = 'qc' AND s.active) THEN
    RAISE EXCEPTION 'a calibration member is an active QC inspector' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER calibration_members_guard BEFORE INSERT OR UPDATE OR DELETE ON calibration_members FOR EACH ROW EXECUTE FUNCTION calibration_members_guard();--> statement-breakpoint
CREATE TRIGGER calibration_sessions_fixed BEFORE UPDATE OR DELETE ON calibration_sessions FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
-- Once a round has a score, or is closed, no session or member joins it (a member who has seen the others' scores would
-- score a new session knowing them).
CREATE FUNCTION calibration_round_open_for_setup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM calibration_scores s WHERE s.round_id = NEW.round_id)
     OR EXISTS (SELECT 1 FROM calibration_rounds r WHERE r.id = NEW.round_id AND r.closed_at IS NOT NULL) THEN
    RAISE EXCEPTION 'calibration round % is under way: its sessions and members are fixed', NEW.round_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER calibration_sessions_setup BEFORE INSERT ON calibration_sessions FOR EACH ROW EXECUTE FUNCTION calibration_round_open_for_setup();--> statement-breakpoint
CREATE TRIGGER calibration_members_setup BEFORE INSERT ON calibration_members FOR EACH ROW EXECUTE FUNCTION calibration_round_open_for_setup();--> statement-breakpoint
-- A round changes only by being closed, once; it is never deleted.
CREATE FUNCTION calibration_rounds_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'calibration round % cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.closed_at IS NOT NULL OR NEW.closed_at IS NULL
     OR (NEW.name, NEW.template_id, NEW.template_version, NEW.created_by, NEW.created_at) IS DISTINCT FROM (OLD.name, OLD.template_id, OLD.template_version, OLD.created_by, OLD.created_at) THEN
    RAISE EXCEPTION 'calibration round % changes only by being closed, once', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER calibration_rounds_guard BEFORE UPDATE OR DELETE ON calibration_rounds FOR EACH ROW EXECUTE FUNCTION calibration_rounds_guard();
