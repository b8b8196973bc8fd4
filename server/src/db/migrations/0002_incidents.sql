CREATE TABLE "duty_handover" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_name" text NOT NULL,
	"to_name" text NOT NULL,
	"text" text NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_shift" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"role" text NOT NULL,
	"person_name" text NOT NULL,
	"user_id" uuid,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_counter" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_update" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"text" text NOT NULL,
	"casualties" jsonb,
	"direct_loss_yuan" bigint,
	"applied" boolean DEFAULT true NOT NULL,
	"grade_before" text,
	"grade_after" text,
	"actor_id" uuid,
	"actor_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"category" text NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"division_code" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"address" text,
	"receiving_org_id" uuid NOT NULL,
	"receiving_level" text NOT NULL,
	"deaths" integer DEFAULT 0 NOT NULL,
	"missing" integer DEFAULT 0 NOT NULL,
	"serious_injuries" integer DEFAULT 0 NOT NULL,
	"minor_injuries" integer DEFAULT 0 NOT NULL,
	"direct_loss_yuan" bigint DEFAULT 0 NOT NULL,
	"grade" text,
	"grade_assigned_by" text,
	"grade_reason" text,
	"reported" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"overdue_notified" text[] DEFAULT '{}'::text[] NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"is_enterprise_late" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "incident_update" ADD CONSTRAINT "incident_update_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duty_handover_org_time_idx" ON "duty_handover" USING btree ("org_id","at");--> statement-breakpoint
CREATE INDEX "duty_shift_org_time_idx" ON "duty_shift" USING btree ("org_id","starts_at");--> statement-breakpoint
CREATE INDEX "incident_update_incident_idx" ON "incident_update" USING btree ("incident_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_number_uq" ON "incident" USING btree ("number");--> statement-breakpoint
CREATE INDEX "incident_division_received_idx" ON "incident" USING btree ("division_code" text_pattern_ops,"received_at" DESC);--> statement-breakpoint
CREATE INDEX "incident_open_received_idx" ON "incident" USING btree ("received_at" DESC) WHERE "incident"."status" = 'open';--> statement-breakpoint
CREATE INDEX "incident_open_division_idx" ON "incident" USING btree ("division_code" text_pattern_ops) WHERE "incident"."status" = 'open';--> statement-breakpoint
CREATE INDEX "incident_occurred_idx" ON "incident" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "notification_user_idx" ON "notification" USING btree ("user_id","created_at");