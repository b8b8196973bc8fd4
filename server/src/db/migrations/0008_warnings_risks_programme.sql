CREATE TABLE "subscriber" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"email" text,
	"lon" double precision,
	"lat" double precision,
	"division_code" text,
	"scope_code" text NOT NULL,
	"channels" text[] NOT NULL,
	"language" text DEFAULT 'zh-CN' NOT NULL,
	"webhook_url" text,
	"webhook_secret" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "warning_delivery" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "warning_delivery_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"warning_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"fallback_from" text,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"provider_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_dispatch" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"warning_id" uuid NOT NULL,
	"selected" integer NOT NULL,
	"inapp" integer NOT NULL,
	"dispatched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"size" integer NOT NULL,
	"content_type" text NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"hazard_id" uuid,
	"transition_id" uuid
);
--> statement-breakpoint
CREATE TABLE "hazard_transition" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hazard_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" uuid NOT NULL,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "hazard" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"risk_point_id" uuid,
	"source" text NOT NULL,
	"level" text NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"address" text,
	"status" text DEFAULT 'reported' NOT NULL,
	"responsible_person" text,
	"responsible_phone" text,
	"deadline" timestamp with time zone,
	"cost_yuan" double precision,
	"plan" jsonb,
	"reported_by" uuid NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"overdue_notified" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "major_hazard_source" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"division_code" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"address" text,
	"substances" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ratio" double precision NOT NULL,
	"grade" integer NOT NULL,
	"radius_meters" integer DEFAULT 1000 NOT NULL,
	"sensor_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"responsible_persons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_assessment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"risk_point_id" uuid NOT NULL,
	"method" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"score" double precision NOT NULL,
	"level" text NOT NULL,
	"assessed_by" uuid NOT NULL,
	"assessed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "risk_point" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"division_code" text NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"address" text,
	"type" text,
	"description" text,
	"possible_harms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"control_measures" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"method" text NOT NULL,
	"score" double precision NOT NULL,
	"level" text NOT NULL,
	"control_level" text NOT NULL,
	"control_level_set" boolean DEFAULT false NOT NULL,
	"responsible_person" text,
	"assessed_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vulnerable_target" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"division_code" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"address" text,
	"population" integer,
	"contact" text,
	"phone" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_evaluation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"conclusions" text DEFAULT '' NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_indicator" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"code" text,
	"category" text DEFAULT 'core' NOT NULL,
	"name" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"kind" text DEFAULT 'expected' NOT NULL,
	"direction" text NOT NULL,
	"baseline_value" double precision,
	"baseline_year" integer NOT NULL,
	"target_year" integer NOT NULL,
	"target_value" double precision,
	"target_relative_percent" double precision,
	"bound_inclusive" boolean DEFAULT false NOT NULL,
	"target_text" text DEFAULT '' NOT NULL,
	"formula" jsonb NOT NULL,
	"lead_unit_ids" uuid[] NOT NULL,
	"responsible_unit_ids" uuid[] NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "programme_reminder" (
	"key" text PRIMARY KEY NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_report" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"period" text NOT NULL,
	"text" text NOT NULL,
	"percent_complete" integer NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"problems" text DEFAULT '' NOT NULL,
	"next_steps" text DEFAULT '' NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"reported_by" uuid,
	"reported_by_name" text,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_statistic" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"statistic" text NOT NULL,
	"year" integer NOT NULL,
	"division_code" text NOT NULL,
	"value" double precision NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"entered_by" uuid,
	"entered_by_name" text,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_task" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text DEFAULT 'task' NOT NULL,
	"number" text NOT NULL,
	"section" text DEFAULT '' NOT NULL,
	"title" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"year" integer,
	"deadline" date,
	"lead_unit_ids" uuid[] NOT NULL,
	"responsible_unit_ids" uuid[] NOT NULL,
	"milestones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"percent_complete" integer DEFAULT 0 NOT NULL,
	"completed_at" timestamp with time zone,
	"last_report_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_unit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"name" text NOT NULL,
	"org_id" uuid
);
--> statement-breakpoint
CREATE TABLE "programme" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"issuer" text NOT NULL,
	"document_number" text,
	"issued_on" date,
	"division_code" text NOT NULL,
	"period_start" integer NOT NULL,
	"period_end" integer NOT NULL,
	"baseline_year" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"reporting_cycle" text DEFAULT 'quarterly' NOT NULL,
	"report_due_days" integer DEFAULT 10 NOT NULL,
	"reminder_days_before" integer DEFAULT 5 NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"objectives" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "warning_dispatch" ADD CONSTRAINT "warning_dispatch_message_id_warning_message_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."warning_message"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_dispatch" ADD CONSTRAINT "warning_dispatch_warning_id_warning_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warning"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_uploaded_by_app_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."app_user"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_hazard_id_hazard_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazard"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_transition_id_hazard_transition_id_fk" FOREIGN KEY ("transition_id") REFERENCES "public"."hazard_transition"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_transition" ADD CONSTRAINT "hazard_transition_hazard_id_hazard_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazard"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_transition" ADD CONSTRAINT "hazard_transition_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard" ADD CONSTRAINT "hazard_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard" ADD CONSTRAINT "hazard_risk_point_id_risk_point_id_fk" FOREIGN KEY ("risk_point_id") REFERENCES "public"."risk_point"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard" ADD CONSTRAINT "hazard_reported_by_app_user_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."app_user"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_hazard_source" ADD CONSTRAINT "major_hazard_source_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_hazard_source" ADD CONSTRAINT "major_hazard_source_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessment" ADD CONSTRAINT "risk_assessment_risk_point_id_risk_point_id_fk" FOREIGN KEY ("risk_point_id") REFERENCES "public"."risk_point"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessment" ADD CONSTRAINT "risk_assessment_assessed_by_app_user_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."app_user"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_point" ADD CONSTRAINT "risk_point_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_point" ADD CONSTRAINT "risk_point_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vulnerable_target" ADD CONSTRAINT "vulnerable_target_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_evaluation" ADD CONSTRAINT "programme_evaluation_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_indicator" ADD CONSTRAINT "programme_indicator_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_report" ADD CONSTRAINT "programme_report_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_report" ADD CONSTRAINT "programme_report_task_id_programme_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."programme_task"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_report" ADD CONSTRAINT "programme_report_unit_id_programme_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."programme_unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_task" ADD CONSTRAINT "programme_task_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_unit" ADD CONSTRAINT "programme_unit_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_unit" ADD CONSTRAINT "programme_unit_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "subscriber_location_idx" ON "subscriber" USING btree ("lon","lat");--> statement-breakpoint
CREATE INDEX "subscriber_division_idx" ON "subscriber" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "subscriber_scope_idx" ON "subscriber" USING btree ("scope_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "subscriber_created_idx" ON "subscriber" USING btree ("created_at" DESC);--> statement-breakpoint
CREATE UNIQUE INDEX "warning_delivery_uq" ON "warning_delivery" USING btree ("message_id","subscriber_id","channel");--> statement-breakpoint
CREATE INDEX "warning_delivery_due_idx" ON "warning_delivery" USING btree ("channel","next_attempt_at") WHERE "warning_delivery"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "warning_delivery_warning_idx" ON "warning_delivery" USING btree ("warning_id","channel","status");--> statement-breakpoint
CREATE INDEX "attachment_hazard_idx" ON "attachment" USING btree ("hazard_id");--> statement-breakpoint
CREATE INDEX "attachment_transition_idx" ON "attachment" USING btree ("transition_id");--> statement-breakpoint
CREATE INDEX "hazard_transition_hazard_idx" ON "hazard_transition" USING btree ("hazard_id","at");--> statement-breakpoint
CREATE INDEX "hazard_open_deadline_idx" ON "hazard" USING btree ("division_code" text_pattern_ops,"deadline") WHERE "hazard"."status" NOT IN ('closed', 'written_off');--> statement-breakpoint
CREATE INDEX "hazard_open_by_deadline_idx" ON "hazard" USING btree ("deadline","division_code" text_pattern_ops) WHERE "hazard"."status" NOT IN ('closed', 'written_off');--> statement-breakpoint
CREATE INDEX "hazard_open_major_idx" ON "hazard" USING btree ("division_code" text_pattern_ops,"deadline") WHERE "hazard"."level" = 'major' AND "hazard"."status" <> 'written_off';--> statement-breakpoint
CREATE INDEX "hazard_division_reported_idx" ON "hazard" USING btree ("division_code" text_pattern_ops,"reported_at" DESC);--> statement-breakpoint
CREATE INDEX "hazard_org_reported_idx" ON "hazard" USING btree ("org_id","reported_at" DESC);--> statement-breakpoint
CREATE INDEX "hazard_risk_point_idx" ON "hazard" USING btree ("risk_point_id");--> statement-breakpoint
CREATE INDEX "major_hazard_source_division_idx" ON "major_hazard_source" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "major_hazard_source_org_idx" ON "major_hazard_source" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "risk_assessment_point_idx" ON "risk_assessment" USING btree ("risk_point_id","assessed_at");--> statement-breakpoint
CREATE INDEX "risk_point_division_idx" ON "risk_point" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "risk_point_org_idx" ON "risk_point" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "risk_point_level_idx" ON "risk_point" USING btree ("level");--> statement-breakpoint
CREATE INDEX "vulnerable_target_division_idx" ON "vulnerable_target" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "programme_evaluation_programme_idx" ON "programme_evaluation" USING btree ("programme_id","created_at");--> statement-breakpoint
CREATE INDEX "programme_indicator_programme_idx" ON "programme_indicator" USING btree ("programme_id","position");--> statement-breakpoint
CREATE INDEX "programme_report_task_idx" ON "programme_report" USING btree ("task_id","unit_id","reported_at");--> statement-breakpoint
CREATE INDEX "programme_report_period_idx" ON "programme_report" USING btree ("programme_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_statistic_uq" ON "programme_statistic" USING btree ("statistic","year","division_code");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_task_number_uq" ON "programme_task" USING btree ("programme_id","kind","number");--> statement-breakpoint
CREATE INDEX "programme_task_programme_idx" ON "programme_task" USING btree ("programme_id","kind","position");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_unit_name_uq" ON "programme_unit" USING btree ("programme_id","name");--> statement-breakpoint
CREATE INDEX "programme_unit_org_idx" ON "programme_unit" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "programme_division_idx" ON "programme" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "programme_document_uq" ON "programme" USING btree ("division_code","document_number");