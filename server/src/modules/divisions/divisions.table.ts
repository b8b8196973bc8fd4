import { doublePrecision, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

/** GB/T 2260 administrative divisions (province → city → county → town). */
export const divisions = pgTable(
  'division',
  {
    code: text().primaryKey(),
    name: text().notNull(),
    level: text({ enum: ['province', 'city', 'county', 'town'] }).notNull(),
    parentCode: text(),
    lon: doublePrecision(),
    lat: doublePrecision(),
    /** GeoJSON Polygon or MultiPolygon geometry, approximate, for the map. */
    boundary: jsonb().$type<{ type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }>(),
  },
  (t) => [index('division_parent_code_idx').on(t.parentCode)],
);
