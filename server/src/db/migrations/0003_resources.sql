CREATE TABLE "division_figure" (
	"division_code" text PRIMARY KEY NOT NULL,
	"population" integer NOT NULL,
	"year" integer NOT NULL,
	"source" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equipment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"owner_team_id" uuid,
	"division_code" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"maintenance_due_on" timestamp with time zone,
	"status" text DEFAULT 'ready' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "expert" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"organization" text,
	"phone" text,
	"division_code" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"availability" text DEFAULT 'available' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shelter" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"setting" text NOT NULL,
	"grade" text NOT NULL,
	"effective_area_m_2" double precision NOT NULL,
	"capacity" integer NOT NULL,
	"facilities" text[] DEFAULT '{}'::text[] NOT NULL,
	"division_code" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"polygon" jsonb,
	"status" text DEFAULT 'available' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supply_balance" (
	"warehouse_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"batch" text DEFAULT '' NOT NULL,
	"expires_on" timestamp with time zone,
	"quantity" numeric(16, 3) DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supply_balance_pk" PRIMARY KEY("warehouse_id","item_code","batch"),
	CONSTRAINT "supply_balance_non_negative" CHECK ("supply_balance"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "supply_item" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"category" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supply_movement" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"item_code" text NOT NULL,
	"quantity" numeric(16, 3) NOT NULL,
	"batch" text DEFAULT '' NOT NULL,
	"from_warehouse_id" uuid,
	"to_warehouse_id" uuid,
	"incident_id" uuid,
	"to_org_id" uuid,
	"request_id" uuid,
	"reason" text,
	"status" text DEFAULT 'done' NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_at" timestamp with time zone,
	CONSTRAINT "supply_movement_positive" CHECK ("supply_movement"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "supply_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"requester_org_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"to_warehouse_id" uuid NOT NULL,
	"incident_id" uuid,
	"lines" jsonb NOT NULL,
	"reason" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"approved_lines" jsonb,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"capabilities" text[] DEFAULT '{}'::text[] NOT NULL,
	"headcount" integer DEFAULT 0 NOT NULL,
	"division_code" text NOT NULL,
	"org_id" uuid,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"status" text DEFAULT 'available' NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warehouse" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"division_code" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"reserve_mode" text NOT NULL,
	"manager_name" text,
	"manager_phone" text,
	"capacity_m_3" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "supply_balance" ADD CONSTRAINT "supply_balance_warehouse_id_warehouse_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_balance" ADD CONSTRAINT "supply_balance_item_code_supply_item_code_fk" FOREIGN KEY ("item_code") REFERENCES "public"."supply_item"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_movement" ADD CONSTRAINT "supply_movement_item_code_supply_item_code_fk" FOREIGN KEY ("item_code") REFERENCES "public"."supply_item"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_request" ADD CONSTRAINT "supply_request_to_warehouse_id_warehouse_id_fk" FOREIGN KEY ("to_warehouse_id") REFERENCES "public"."warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "equipment_division_idx" ON "equipment" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "expert_division_idx" ON "expert" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "shelter_division_idx" ON "shelter" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "supply_balance_item_idx" ON "supply_balance" USING btree ("item_code");--> statement-breakpoint
CREATE INDEX "supply_movement_request_idx" ON "supply_movement" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "supply_movement_item_idx" ON "supply_movement" USING btree ("item_code","created_at");--> statement-breakpoint
CREATE INDEX "supply_request_division_idx" ON "supply_request" USING btree ("division_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "team_division_idx" ON "team" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "warehouse_division_idx" ON "warehouse" USING btree ("division_code" text_pattern_ops);