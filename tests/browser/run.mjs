#!/usr/bin/env node
// `npm test`: builds the demonstration site once (unless DILMANC_PUBLIC names a built
// one), then runs every *.test.mjs with Node's test runner, one file at a time, against it.
// Extra arguments go to `node --test`: test files (`axe.test.mjs`) pick files, anything
// else (`--test-name-pattern=ar-`) is passed on.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { SUITE_DIR, publicDir } from './lib/site.mjs';

const args = process.argv.slice(2);
const picked = args.filter((a) => a.endsWith('.test.mjs'));
const options = args.filter((a) => !a.endsWith('.test.mjs'));
const files = picked.length ? picked : readdirSync(SUITE_DIR).filter((f) => f.endsWith('.test.mjs')).sort();

let dir;
try {
  dir = publicDir();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
console.log(`testing ${dir} with ${files.join(', ')}`);
const result = spawnSync(process.execPath, [
  '--test', '--test-concurrency=1', '--test-timeout=300000', ...options, ...files,
], { cwd: SUITE_DIR, stdio: 'inherit', env: { ...process.env, DILMANC_PUBLIC: dir } });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
