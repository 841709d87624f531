ALTER TABLE "service_sessions" ADD COLUMN "transferred_from_id" uuid;--> statement-breakpoint
ALTER TABLE "service_sessions" ADD COLUMN "transfer_note" text;--> statement-breakpoint
ALTER TABLE "service_sessions" ADD CONSTRAINT "service_sessions_transferred_from_id_staff_id_fk" FOREIGN KEY ("transferred_from_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;