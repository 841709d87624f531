ALTER TYPE "public"."outbox_channel" ADD VALUE 'email';--> statement-breakpoint
ALTER TYPE "public"."outbox_channel" ADD VALUE 'in_app';--> statement-breakpoint
CREATE TABLE "customer_app_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"title_enc" text NOT NULL,
	"body_enc" text NOT NULL,
	"delivered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "customer_app_messages_message_id_unique" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "demo_email_inbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"recipient_masked" text NOT NULL,
	"subject_enc" text NOT NULL,
	"body_enc" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_email_inbox_message_id_unique" UNIQUE("message_id")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "email_enc" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "email_masked" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "subject_enc" text;--> statement-breakpoint
ALTER TABLE "customer_app_messages" ADD CONSTRAINT "customer_app_messages_message_id_outbox_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."outbox_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_app_messages" ADD CONSTRAINT "customer_app_messages_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_email_inbox" ADD CONSTRAINT "demo_email_inbox_message_id_outbox_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."outbox_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_app_messages_customer_idx" ON "customer_app_messages" USING btree ("customer_id","delivered_at");--> statement-breakpoint
CREATE INDEX "demo_email_inbox_time_idx" ON "demo_email_inbox" USING btree ("received_at");