-- Existing sessions belong to epoch 0, every user's starting epoch; new sessions always name theirs.
ALTER TABLE "sessions" ADD COLUMN "credential_epoch" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "credential_epoch" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "credential_epoch" integer DEFAULT 0 NOT NULL;
