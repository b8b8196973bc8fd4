/**
 * Supplies-ledger figures on PostgreSQL: 1,000 concurrent `issue` movements of 1
 * against one balance of 600, through the HTTP API of a separate server process.
 * Prints movements/s and checks that the final balance equals receipts − issues
 * and never went below zero (every returned balance is ≥ 0, and the table's
 * CHECK constraint would have refused otherwise).
 * Before it, the road-router figures (see router-figures.ts).
 */
import pg from 'pg';
import { load, login, scratchDatabase, startServer } from './lib.js';
import { routerFigures } from './router-figures.js';

await routerFigures((l) => console.log(l));

const ISSUES = 1000;
const STOCK = 600;
const db = await scratchDatabase();
const server = await startServer({ DATABASE_URL: db.url });
try {
  const token = await login(server.origin, 'commander');
  const call = async (path: string, body: unknown) => {
    const r = await fetch(`${server.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const wh = await call('/api/v1/warehouses', {
    name: '压测储备库',
    level: 'city',
    divisionCode: '140300',
    location: { lon: 113.58, lat: 37.86 },
    reserveMode: 'government',
  });
  const warehouseId = wh.body.id as string;
  await call('/api/v1/supplies/items', { code: 'BENCH-TENT', name: '帐篷', unit: '顶', category: '生活类' });
  await call('/api/v1/supplies/movements', {
    kind: 'receipt',
    itemCode: 'BENCH-TENT',
    quantity: STOCK,
    toWarehouseId: warehouseId,
  });
  const orgs = (await (
    await fetch(`${server.origin}/api/v1/organizations?q=${encodeURIComponent('市水利局')}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { items: { id: string }[] };
  let ok = 0;
  let refused = 0;
  let minSeen = Infinity;
  const r = await load(ISSUES, ISSUES, async () => {
    const res = await call('/api/v1/supplies/movements', {
      kind: 'issue',
      itemCode: 'BENCH-TENT',
      quantity: 1,
      fromWarehouseId: warehouseId,
      toOrgId: orgs.items[0]?.id,
    });
    if (res.status === 201) {
      ok++;
      for (const b of res.body.balances as { quantity: number }[]) minSeen = Math.min(minSeen, b.quantity);
    } else if (res.status === 409 && res.body.code === 'insufficient_stock') refused++;
    else throw new Error(`unexpected ${res.status} ${JSON.stringify(res.body)}`);
  });
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const bal = Number(
    (await c.query(`SELECT quantity FROM supply_balance WHERE item_code = 'BENCH-TENT'`)).rows[0]?.quantity,
  );
  const ledger = (
    await c.query(
      `SELECT kind, sum(quantity)::float8 AS q FROM supply_movement WHERE item_code = 'BENCH-TENT' GROUP BY kind`,
    )
  ).rows as { kind: string; q: number }[];
  await c.end();
  const receipts = ledger.find((x) => x.kind === 'receipt')?.q ?? 0;
  const issues = ledger.find((x) => x.kind === 'issue')?.q ?? 0;
  console.log(`ledger.concurrent_issues ${ISSUES} (accepted ${ok}, refused insufficient_stock ${refused})`);
  console.log(`ledger.movements_per_s ${r.rps.toFixed(0)}`);
  console.log(`ledger.p50_ms ${r.p50.toFixed(1)}`);
  console.log(`ledger.p99_ms ${r.p99.toFixed(1)}`);
  console.log(
    `ledger.final_balance ${bal} = receipts ${receipts} − issues ${issues}: ${bal === receipts - issues ? 'OK' : 'MISMATCH'}`,
  );
  console.log(`ledger.lowest_balance_seen ${minSeen} (never below 0: ${minSeen >= 0 ? 'OK' : 'VIOLATED'})`);
} finally {
  await server.stop();
  await db.drop();
}
