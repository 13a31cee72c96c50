// The Nu HTML Checker (vnu.jar from the vnu-jar package, run with the system's Java)
// over the whole built site: every HTML file, and the CSS too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles, publicDir } from './lib/site.mjs';

const require = createRequire(import.meta.url);
const VNU_JAR = String(require('vnu-jar'));
const JAVA = process.env.JAVA || 'java';

test('Nu HTML Checker: zero errors over the whole public/ folder', () => {
  const dir = publicDir();
  const files = listFiles(dir);
  const html = files.filter((f) => f.endsWith('.html')).length;
  const css = files.filter((f) => f.endsWith('.css')).length;
  const result = spawnSync(JAVA, [
    '-jar', VNU_JAR, '--errors-only', '--skip-non-html', '--also-check-css', '--format', 'json', dir,
  ], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`could not run ${JAVA}: ${result.error.message}`);
  // vnu writes its JSON report to stderr, and exits 1 when it found errors.
  const raw = (result.stderr || result.stdout || '').trim();
  let report;
  try {
    report = JSON.parse(raw);
  } catch {
    throw new Error(`vnu.jar exited ${result.status} without a JSON report:\n${raw.slice(0, 4000)}`);
  }
  const errors = (report.messages || []).filter((m) => m.type === 'error' || m.subType === 'fatal' ||
    (m.type === 'non-document-error'));
  const where = (m) => {
    const url = m.url ? relative(dir, fileURLToPath(m.url)) : '?';
    return `${url}${m.lastLine ? `:${m.lastLine}` : ''}${m.lastColumn ? `:${m.lastColumn}` : ''}`;
  };
  const lines = errors.map((m) => `  ${where(m)}: ${m.message}${m.extract ? ` | ${m.extract.replace(/\s+/g, ' ').trim()}` : ''}`);
  const perFile = new Set(errors.map(where).map((w) => w.split(':')[0]));
  console.log(`vnu: checked ${html} HTML and ${css} CSS file(s); ${errors.length} error(s) in ${perFile.size} file(s)`);
  assert.equal(errors.length, 0, `vnu.jar found ${errors.length} error(s):\n${lines.join('\n')}`);
  assert.equal(result.status, 0, `vnu.jar exited ${result.status}:\n${raw.slice(0, 4000)}`);
});
