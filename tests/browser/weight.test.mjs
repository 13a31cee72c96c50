// Page weight budget: the HTML of any page plus every stylesheet and script it loads,
// each gzipped as a server would send it, at most 20 KB (images are not counted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileToUrlPath, listFiles, publicDir } from './lib/site.mjs';

const BUDGET = 20 * 1024;
const dir = publicDir();
const files = listFiles(dir);
const gzipped = new Map();
const gz = (rel) => {
  if (!gzipped.has(rel)) gzipped.set(rel, gzipSync(readFileSync(join(dir, rel))).length);
  return gzipped.get(rel);
};

// The site's own origin, from the home page's canonical link, so that absolute links
// to the site itself count as local files.
const canonical = (readFileSync(join(dir, 'index.html'), 'utf8').match(/<link[^>]*rel="canonical"[^>]*href="([^"]+)"/i) || [])[1];
const siteOrigin = canonical ? new URL(canonical).origin : null;

const attr = (tag, name) => (tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')) || []).slice(1).find((v) => v !== undefined);

/** The stylesheets and scripts an HTML (or CSS, for @import) file loads, as paths in public/. */
function resources(rel, text, kind) {
  const refs = [];
  if (kind === 'html') {
    for (const [tag] of text.matchAll(/<link\b[^>]*>/gi)) {
      if (/\bstylesheet\b/i.test(attr(tag, 'rel') || '')) refs.push(attr(tag, 'href'));
    }
    for (const [tag] of text.matchAll(/<script\b[^>]*>/gi)) {
      if (attr(tag, 'src')) refs.push(attr(tag, 'src'));
    }
  } else {
    for (const m of text.matchAll(/@import\s+(?:url\()?\s*["']?([^"')\s;]+)/gi)) refs.push(m[1]);
  }
  const base = new URL(fileToUrlPath(rel), 'http://site.invalid');
  return refs.map((ref) => {
    const url = new URL(ref, base);
    const local = url.origin === base.origin || url.origin === siteOrigin;
    let path = decodeURIComponent(url.pathname).replace(/^\//, '');
    if (path === '' || path.endsWith('/')) path += 'index.html';
    return { ref, local, path };
  });
}

test(`every page's HTML + CSS + JS is at most ${BUDGET / 1024} KB gzipped`, () => {
  const pages = files.filter((f) => f.endsWith('.html'));
  const over = [];
  const problems = [];
  const weights = [];
  for (const rel of pages) {
    const seen = new Set([rel]);
    const queue = [{ path: rel, kind: 'html' }];
    let total = 0;
    const parts = [];
    while (queue.length) {
      const { path, kind } = queue.shift();
      total += gz(path);
      parts.push(`${path} ${gz(path)}`);
      for (const r of resources(path, readFileSync(join(dir, path), 'utf8'), kind)) {
        if (!r.local) { problems.push(`${rel}: loads ${r.ref} from another site (cannot be measured)`); continue; }
        if (seen.has(r.path)) continue;
        seen.add(r.path);
        if (!existsSync(join(dir, r.path))) { problems.push(`${rel}: loads ${r.ref}, which is not in the output`); continue; }
        queue.push({ path: r.path, kind: r.path.endsWith('.css') ? 'css' : 'js' });
      }
    }
    weights.push({ rel, total, parts });
    if (total > BUDGET) over.push(`${rel}: ${total} bytes gzipped (${parts.join(' + ')})`);
  }
  weights.sort((a, b) => b.total - a.total);
  const heaviest = weights[0];
  const median = weights[Math.floor(weights.length / 2)];
  const assets = [...gzipped].filter(([f]) => !f.endsWith('.html')).map(([f, n]) => `${f} ${n} B`).join(', ');
  console.log(`weight: ${pages.length} page(s); heaviest ${heaviest.rel} ${(heaviest.total / 1024).toFixed(1)} KB gzipped (${heaviest.parts.join(' + ')}); median ${(median.total / 1024).toFixed(1)} KB; budget ${BUDGET / 1024} KB; shared assets gzipped: ${assets || 'none'}`);
  assert.deepEqual(problems, [], `pages load resources that cannot be measured:\n  ${problems.join('\n  ')}`);
  assert.deepEqual(over, [], `${over.length} page(s) over the ${BUDGET}-byte budget:\n  ${over.join('\n  ')}`);
});
