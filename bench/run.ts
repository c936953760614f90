// `npm run bench`: runs every bench/*.bench.ts in turn (each in its own process, so JIT state does not leak between suites).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const dir = new URL('./', import.meta.url).pathname;
const only = process.argv[2];
const suites = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only))).sort();
let failed = 0;
for (const suite of suites) {
  console.log(`\n== ${suite} ==`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${suite}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
