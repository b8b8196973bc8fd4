-- Sensor readings: one row per message, partitioned by day on ts. Partitions are created ahead by the
-- monitoring.partitions job; anything outside them (late backfill) lands in the default partition.
-- The primary key makes a redelivered MQTT message (QoS 1, at-least-once) land once.
CREATE TABLE "reading" (
  "sensor_code" text NOT NULL,
  "ts" timestamptz NOT NULL,
  "values" jsonb NOT NULL,
  "received_at" timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY ("sensor_code", "ts")
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
CREATE TABLE "reading_default" PARTITION OF "reading" DEFAULT;
