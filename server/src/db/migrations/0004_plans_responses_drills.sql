CREATE TABLE "command_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"response_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"task_id" uuid,
	"actor_id" uuid,
	"actor_name" text
);
--> statement-breakpoint
CREATE TABLE "drill_reminder" (
	"key" text PRIMARY KEY NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drill_schedule" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"planned_date" date NOT NULL,
	"plan_ids" uuid[] NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drill" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"plan_ids" uuid[] NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"double_blind" boolean DEFAULT false NOT NULL,
	"title" text,
	"participants" integer,
	"evaluation" text,
	"score" integer,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"follow_ups" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"schedule_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_evaluation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"date" date NOT NULL,
	"conclusion" text NOT NULL,
	"needs_revision" boolean DEFAULT false NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"version" text,
	"published_at" date,
	"status" text DEFAULT 'draft' NOT NULL,
	"parent_plan_id" uuid,
	"filed_at" date,
	"filing_number" text,
	"filing_org" text,
	"last_evaluated_at" date,
	"scope" jsonb DEFAULT '{"categories":[],"types":[]}'::jsonb NOT NULL,
	"levels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"command" jsonb DEFAULT '{"groups":[]}'::jsonb NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_task" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"response_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"action_id" text NOT NULL,
	"department_org_id" uuid NOT NULL,
	"action" text NOT NULL,
	"level" text NOT NULL,
	"group" text,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"last_report" text,
	"overdue_notified" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"level" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"division_code" text NOT NULL,
	"level_history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"activated_at" timestamp with time zone NOT NULL,
	"activated_by" uuid,
	"activated_by_name" text,
	"ended_at" timestamp with time zone,
	"summary" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_update" ADD COLUMN "evacuated" integer;--> statement-breakpoint
ALTER TABLE "incident" ADD COLUMN "evacuated" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "command_log" ADD CONSTRAINT "command_log_response_id_response_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."response"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drill_schedule" ADD CONSTRAINT "drill_schedule_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drill" ADD CONSTRAINT "drill_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_evaluation" ADD CONSTRAINT "plan_evaluation_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_owner_org_id_organization_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organization"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_parent_fk" FOREIGN KEY ("parent_plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_task" ADD CONSTRAINT "response_task_response_id_response_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."response"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_task" ADD CONSTRAINT "response_task_department_org_id_organization_id_fk" FOREIGN KEY ("department_org_id") REFERENCES "public"."organization"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response" ADD CONSTRAINT "response_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response" ADD CONSTRAINT "response_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "command_log_response_idx" ON "command_log" USING btree ("response_id","at");--> statement-breakpoint
CREATE INDEX "drill_schedule_org_idx" ON "drill_schedule" USING btree ("org_id","planned_date");--> statement-breakpoint
CREATE INDEX "drill_org_date_idx" ON "drill" USING btree ("org_id","date");--> statement-breakpoint
CREATE INDEX "drill_division_idx" ON "drill" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "plan_evaluation_plan_idx" ON "plan_evaluation" USING btree ("plan_id","date");--> statement-breakpoint
CREATE INDEX "plan_division_idx" ON "plan" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "plan_owner_idx" ON "plan" USING btree ("owner_org_id");--> statement-breakpoint
CREATE INDEX "response_task_response_idx" ON "response_task" USING btree ("response_id");--> statement-breakpoint
CREATE INDEX "response_task_department_idx" ON "response_task" USING btree ("department_org_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "response_task_open_uq" ON "response_task" USING btree ("response_id","action_id") WHERE "response_task"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "response_incident_idx" ON "response" USING btree ("incident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "response_active_uq" ON "response" USING btree ("incident_id","plan_id") WHERE "response"."status" = 'active';--> statement-breakpoint
CREATE INDEX "response_division_idx" ON "response" USING btree ("division_code" text_pattern_ops);