/**
 * npm run audit:verify — recomputes the audit hash chain of the configured
 * database (DATABASE_URL, else the PGlite data in DATA_DIR) and names the
 * first broken link. Exit code 0 when intact, 1 when broken, 2 on bad config.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { verifyAuditChain } from '../modules/audit/index.js';

export async function runAuditVerify(database: Database, out: (line: string) => void): Promise<number> {
  const r = await verifyAuditChain(database.db);
  if (r.ok) {
    out(`audit chain intact: ${r.checked} rows checked`);
    return 0;
  }
  out(
    `audit chain BROKEN at seq ${r.firstBroken?.seq} (${r.firstBroken?.reason}); ${r.checked} rows before it are intact`,
  );
  return 1;
}

async function main() {
  let config;
  try {
    // Reading the chain needs no session secret.
    config = loadConfig({ DEMO: 'true', ...process.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
  });
  try {
    process.exitCode = await runAuditVerify(database, (l) => console.log(l));
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  void main();
}
