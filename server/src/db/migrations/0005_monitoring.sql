CREATE TABLE "alarm_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alarm_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"actor_name" text
);
--> statement-breakpoint
CREATE TABLE "alarm" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sensor_code" text NOT NULL,
	"rule_key" text NOT NULL,
	"rule_id" uuid,
	"kind" text NOT NULL,
	"metric" text,
	"level" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"division_code" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"last_value" double precision,
	"peak_value" double precision,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"acknowledged_by_name" text,
	"cleared_at" timestamp with time zone,
	"escalation_step" integer DEFAULT 0 NOT NULL,
	"next_escalation_at" timestamp with time zone,
	"incident_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ingest_error" (
	"sensor_code" text NOT NULL,
	"reason" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"sample" text,
	CONSTRAINT "ingest_error_sensor_code_reason_pk" PRIMARY KEY("sensor_code","reason")
);
--> statement-breakpoint
CREATE TABLE "sensor_rule" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sensor_code" text NOT NULL,
	"metric" text,
	"kind" text NOT NULL,
	"levels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"clear_below" double precision,
	"clear_above" double precision,
	"window_seconds" integer,
	"after_seconds" integer,
	"level" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sensor" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text,
	"type" text NOT NULL,
	"division_code" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"metrics" jsonb NOT NULL,
	"interval_seconds" integer NOT NULL,
	"linked_kind" text,
	"linked_name" text,
	"owner_org_id" uuid,
	"status" text DEFAULT 'online' NOT NULL,
	"last_seen_at" timestamp with time zone,
	"last_values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sensor_code_uq" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "alarm_event" ADD CONSTRAINT "alarm_event_alarm_id_alarm_id_fk" FOREIGN KEY ("alarm_id") REFERENCES "public"."alarm"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sensor_rule" ADD CONSTRAINT "sensor_rule_sensor_code_sensor_code_fk" FOREIGN KEY ("sensor_code") REFERENCES "public"."sensor"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alarm_event_alarm_idx" ON "alarm_event" USING btree ("alarm_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "alarm_open_uq" ON "alarm" USING btree ("sensor_code","rule_key") WHERE "alarm"."status" <> 'cleared';--> statement-breakpoint
CREATE INDEX "alarm_raised_idx" ON "alarm" USING btree ("raised_at" DESC);--> statement-breakpoint
CREATE INDEX "alarm_open_idx" ON "alarm" USING btree ("status") WHERE "alarm"."status" <> 'cleared';--> statement-breakpoint
CREATE INDEX "alarm_division_idx" ON "alarm" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sensor_rule_sensor_idx" ON "sensor_rule" USING btree ("sensor_code");--> statement-breakpoint
CREATE INDEX "sensor_division_idx" ON "sensor" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sensor_online_seen_idx" ON "sensor" USING btree ("last_seen_at") WHERE "sensor"."status" = 'online';