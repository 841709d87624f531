CREATE TABLE "board_days" (
	"day" date PRIMARY KEY NOT NULL,
	"volume" jsonb NOT NULL,
	"handle_buckets" jsonb NOT NULL,
	"handle_seconds" jsonb NOT NULL,
	"decisions" integer NOT NULL,
	"turnaround_median_minutes" double precision,
	"turnaround_p90_minutes" double precision,
	"inspections" integer NOT NULL,
	"average_score" double precision,
	"complaints" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "verifications_created_idx" ON "verifications" USING btree ("created_at","result");--> statement-breakpoint
CREATE INDEX "cases_pending_submitted_idx" ON "cases" USING btree ("submitted_at") WHERE "cases"."state" = 'pending_approval';--> statement-breakpoint
-- The board's per-day roll-up (lib/board/rollup.ts) holds closed Beijing days only. A change that lands in a closed
-- day (a complaint recorded with an earlier receipt, a dispute's final score, a returned case resubmitted, a row
-- written with an earlier time) deletes that day's row: the board then computes the day live, and the roll-up job
-- writes it again. The lock is the job's: a day being written now either sees this change or is deleted after it.
CREATE FUNCTION board_today_start() RETURNS timestamptz LANGUAGE sql VOLATILE AS $$
  SELECT date_trunc('day', clock_timestamp() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'
$$;--> statement-breakpoint
CREATE FUNCTION board_days_stale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before_at timestamptz := CASE WHEN TG_OP <> 'INSERT' THEN (to_jsonb(OLD) ->> TG_ARGV[0])::timestamptz END;
  after_at timestamptz := CASE WHEN TG_OP <> 'DELETE' THEN (to_jsonb(NEW) ->> TG_ARGV[0])::timestamptz END;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('board.days'));
  DELETE FROM board_days WHERE day IN ((before_at AT TIME ZONE 'Asia/Shanghai')::date, (after_at AT TIME ZONE 'Asia/Shanghai')::date);
  RETURN NULL;
END
$$;--> statement-breakpoint
-- Sessions count on the day they ended (volume by start hour and channel, handle time).
CREATE TRIGGER service_sessions_board_days_insert AFTER INSERT ON service_sessions FOR EACH ROW
  WHEN (NEW.ended_at < board_today_start()) EXECUTE FUNCTION board_days_stale('ended_at');--> statement-breakpoint
CREATE TRIGGER service_sessions_board_days_update AFTER UPDATE OF status, ended_at, started_at, channel ON service_sessions FOR EACH ROW
  WHEN ((OLD.ended_at < board_today_start() OR NEW.ended_at < board_today_start())
    AND (OLD.status, OLD.ended_at, OLD.started_at, OLD.channel) IS DISTINCT FROM (NEW.status, NEW.ended_at, NEW.started_at, NEW.channel))
  EXECUTE FUNCTION board_days_stale('ended_at');--> statement-breakpoint
CREATE TRIGGER service_sessions_board_days_delete AFTER DELETE ON service_sessions FOR EACH ROW
  WHEN (OLD.ended_at < board_today_start()) EXECUTE FUNCTION board_days_stale('ended_at');--> statement-breakpoint
-- Decisions on the day they were taken (a resubmission clears decided_at: the earlier day loses the decision).
CREATE TRIGGER cases_board_days_insert AFTER INSERT ON cases FOR EACH ROW
  WHEN (NEW.decided_at < board_today_start()) EXECUTE FUNCTION board_days_stale('decided_at');--> statement-breakpoint
CREATE TRIGGER cases_board_days_update AFTER UPDATE OF decided_at, submitted_at ON cases FOR EACH ROW
  WHEN ((OLD.decided_at < board_today_start() OR NEW.decided_at < board_today_start())
    AND (OLD.decided_at, OLD.submitted_at) IS DISTINCT FROM (NEW.decided_at, NEW.submitted_at))
  EXECUTE FUNCTION board_days_stale('decided_at');--> statement-breakpoint
CREATE TRIGGER cases_board_days_delete AFTER DELETE ON cases FOR EACH ROW
  WHEN (OLD.decided_at < board_today_start()) EXECUTE FUNCTION board_days_stale('decided_at');--> statement-breakpoint
-- Inspections on the day they were submitted, with their final score once a dispute is resolved.
CREATE TRIGGER inspections_board_days_insert AFTER INSERT ON inspections FOR EACH ROW
  WHEN (NEW.submitted_at < board_today_start()) EXECUTE FUNCTION board_days_stale('submitted_at');--> statement-breakpoint
CREATE TRIGGER inspections_board_days_update AFTER UPDATE OF status, submitted_at, score, final_score ON inspections FOR EACH ROW
  WHEN ((OLD.submitted_at < board_today_start() OR NEW.submitted_at < board_today_start())
    AND (OLD.status, OLD.submitted_at, OLD.score, OLD.final_score) IS DISTINCT FROM (NEW.status, NEW.submitted_at, NEW.score, NEW.final_score))
  EXECUTE FUNCTION board_days_stale('submitted_at');--> statement-breakpoint
CREATE TRIGGER inspections_board_days_delete AFTER DELETE ON inspections FOR EACH ROW
  WHEN (OLD.submitted_at < board_today_start()) EXECUTE FUNCTION board_days_stale('submitted_at');--> statement-breakpoint
-- Complaints on the day they were received (which the recorder may give as an earlier day).
CREATE TRIGGER complaints_board_days_insert AFTER INSERT ON complaints FOR EACH ROW
  WHEN (NEW.received_at < board_today_start()) EXECUTE FUNCTION board_days_stale('received_at');--> statement-breakpoint
CREATE TRIGGER complaints_board_days_update AFTER UPDATE OF received_at, category ON complaints FOR EACH ROW
  WHEN ((OLD.received_at < board_today_start() OR NEW.received_at < board_today_start())
    AND (OLD.received_at, OLD.category) IS DISTINCT FROM (NEW.received_at, NEW.category))
  EXECUTE FUNCTION board_days_stale('received_at');--> statement-breakpoint
CREATE TRIGGER complaints_board_days_delete AFTER DELETE ON complaints FOR EACH ROW
  WHEN (OLD.received_at < board_today_start()) EXECUTE FUNCTION board_days_stale('received_at');
