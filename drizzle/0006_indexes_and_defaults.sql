-- The 0.1 Worker inserts sessions without credential_epoch (0003 made it required with no
-- default): with a default of 0, the old Worker keeps working between `db:migrate` and the deploy.
-- The indexes serve the hourly prune (src/db/prune.ts). CREATE INDEX holds writes to these tables
-- while it builds: seconds at the size of a 0.1 deployment.
ALTER TABLE "sessions" ALTER COLUMN "credential_epoch" SET DEFAULT 0;--> statement-breakpoint
CREATE INDEX "refresh_tokens_rotated_at_idx" ON "refresh_tokens" USING btree ("rotated_at") WHERE "refresh_tokens"."rotated_at" is not null;--> statement-breakpoint
CREATE INDEX "sessions_expires_at_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sessions_revoked_at_idx" ON "sessions" USING btree ("revoked_at") WHERE "sessions"."revoked_at" is not null;