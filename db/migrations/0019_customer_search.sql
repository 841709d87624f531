CREATE INDEX "customers_mobile_index_idx" ON "customers" USING btree ("mobile_index");--> statement-breakpoint
CREATE INDEX "customers_id_last4_idx" ON "customers" USING btree ("id_number_last4");