ALTER TABLE "integrations" ADD COLUMN "capabilities" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Integrations registered before capabilities existed keep doing what they could: the telephony system answered keypad prompts.
UPDATE integrations SET capabilities = ARRAY['keypad', 'recording'] WHERE capabilities = '{}';--> statement-breakpoint
ALTER TABLE integrations ADD CONSTRAINT integrations_capabilities_known CHECK (capabilities <@ ARRAY['keypad', 'recording']::text[]);
