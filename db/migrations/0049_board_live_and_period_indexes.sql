CREATE INDEX "inspections_submitted_idx" ON "inspections" USING btree ("submitted_at") WHERE "inspections"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "cases_decided_idx" ON "cases" USING btree ("decided_at") WHERE "cases"."decided_at" IS NOT NULL;--> statement-breakpoint
-- The operations board re-reads its tiles when any of these change (payload: the table's name; listeners re-read).
CREATE FUNCTION notify_board() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('board', TG_TABLE_NAME);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER complaints_board AFTER INSERT OR UPDATE OF state, handler_id, acknowledged_at, resolve_by ON complaints FOR EACH ROW EXECUTE FUNCTION notify_board();--> statement-breakpoint
CREATE TRIGGER verification_locks_board AFTER INSERT OR UPDATE OF status ON verification_locks FOR EACH ROW EXECUTE FUNCTION notify_board();--> statement-breakpoint
CREATE TRIGGER rectifications_board AFTER INSERT OR UPDATE OF status ON rectifications FOR EACH ROW EXECUTE FUNCTION notify_board();--> statement-breakpoint
-- Sign-in and sign-out only (not last_seen_at, touched every 30 s per active user).
CREATE TRIGGER staff_sessions_board AFTER INSERT OR UPDATE OF ended_at ON staff_sessions FOR EACH ROW EXECUTE FUNCTION notify_board();
