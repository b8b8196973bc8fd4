CREATE TABLE "warning_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warning_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"direction" text NOT NULL,
	"identifier" text NOT NULL,
	"sender" text NOT NULL,
	"sent" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"msg_type" text NOT NULL,
	"references" text,
	"xml" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hazard_type" text NOT NULL,
	"level" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"language" text DEFAULT 'zh-CN' NOT NULL,
	"event" text NOT NULL,
	"headline" text NOT NULL,
	"description" text NOT NULL,
	"instruction" text DEFAULT '' NOT NULL,
	"headline_en" text,
	"description_en" text,
	"instruction_en" text,
	"area_desc" text NOT NULL,
	"division_codes" text[] NOT NULL,
	"polygon" jsonb,
	"onset" timestamp with time zone NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	"division_code" text NOT NULL,
	"org_id" uuid,
	"org_name" text,
	"created_by" uuid,
	"submitted_by" uuid,
	"approved_by" uuid,
	"published_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"source" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "warning_message" ADD CONSTRAINT "warning_message_warning_id_warning_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warning"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "warning_message_seq_uq" ON "warning_message" USING btree ("warning_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "warning_message_out_uq" ON "warning_message" USING btree ("sender","identifier") WHERE "warning_message"."direction" = 'out';--> statement-breakpoint
CREATE INDEX "warning_status_idx" ON "warning" USING btree ("status","expires");--> statement-breakpoint
CREATE INDEX "warning_division_idx" ON "warning" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "warning_created_idx" ON "warning" USING btree ("created_at" DESC);