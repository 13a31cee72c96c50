// Shared set-up for the browser suite: build the demonstration site, serve it on
// 127.0.0.1, discover the pages to test, and launch Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SUITE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(SUITE_DIR, '..', '..');
export const SCREENSHOT_DIR = join(SUITE_DIR, 'screenshots');

/** Chromium flags: no sandbox (root in CI), and nothing that tries the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let builtPublic = null;

/**
 * The folder holding the built site. `DILMANC_PUBLIC=/path` uses an existing build;
 * otherwise `cargo run --release -- build` runs from the repository root (once per process).
 */
export function publicDir() {
  if (process.env.DILMANC_PUBLIC) {
    const dir = resolve(process.env.DILMANC_PUBLIC);
    if (!existsSync(join(dir, 'index.html'))) {
      throw new Error(`DILMANC_PUBLIC=${dir} holds no index.html`);
    }
    return dir;
  }
  if (builtPublic) return builtPublic;
  const started = Date.now();
  const result = spawnSync('cargo', ['run', '--release', '--', 'build'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) throw new Error(`could not run cargo: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`cargo run --release -- build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const summary = (result.stdout + result.stderr).split('\n').filter((l) => /^pages:/.test(l)).join(' ');
  console.log(`site built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}`);
  builtPublic = join(REPO_ROOT, 'public');
  return builtPublic;
}

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Serves `root` on 127.0.0.1 and a free port. `/x/` serves `/x/index.html`; a missing
 * file gets status 404 and the nearest `404.html` (the language's own, under `/en/`...,
 * else the root one). Resolves to { server, origin, close() }.
 */
export function serve(root) {
  const server = createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    let file = resolve(root, '.' + pathname);
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { Location: pathname + '/' }).end();
        return;
      }
      file = join(file, 'index.html');
    }
    let status = 200;
    if (!existsSync(file) || !statSync(file).isFile()) {
      status = 404;
      const first = pathname.split('/').filter(Boolean)[0];
      const own = first && join(root, first, '404.html');
      file = own && existsSync(own) ? own : join(root, '404.html');
      if (!existsSync(file)) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
    }
    const body = readFileSync(file);
    res.writeHead(status, {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolvePromise({
        server,
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

const read = (dir, rel) => readFileSync(join(dir, rel), 'utf8');
const htmlLang = (html) => (html.match(/<html[^>]*\slang="([^"]+)"/i) || [])[1];

/**
 * The site's languages, discovered from the output: the default language's pages sit at
 * the root (its `index.html` carries its `lang`); every other language is a top-level
 * folder whose `index.html` has that folder's name as `lang`.
 * Returns [{ lang, prefix }] with prefix '' for the default language and 'en/' etc.
 */
export function discoverLanguages(dir) {
  const langs = [{ lang: htmlLang(read(dir, 'index.html')) || 'default', prefix: '' }];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const index = join(dir, entry.name, 'index.html');
    if (existsSync(index) && htmlLang(readFileSync(index, 'utf8')) === entry.name) {
      langs.push({ lang: entry.name, prefix: entry.name + '/' });
    }
  }
  return langs.sort((a, b) => (a.prefix === '' ? -1 : b.prefix === '' ? 1 : a.lang.localeCompare(b.lang)));
}

/**
 * The first sub-folder (sorted) of `rel` holding an index.html: by default a page's own
 * folder, skipping `page/` (pagination) and all-digit names (date archives `2025/`,
 * `2025/02/`); with `{ archive: true }` only the all-digit ones.
 */
function firstChild(dir, rel, { archive = false, skip = [] } = {}) {
  if (!rel) return null;
  const full = join(dir, rel);
  if (!existsSync(full)) return null;
  const names = readdirSync(full, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'page' && !skip.includes(e.name) && /^\d+$/.test(e.name) === archive &&
      existsSync(join(full, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
  return names.length ? `${rel}${names[0]}/` : null;
}

/** `a/b/index.html` -> `/a/b/`, `404.html` -> `/404.html`. */
export const fileToUrlPath = (rel) => '/' + rel.replace(/(^|\/)index\.html$/, '$1');

/**
 * The pages the suite visits: every page type in every language, as far as it exists.
 * Each is { lang, type, path (URL path), file (relative to public/), rtl, fallback, status }.
 * The 404 page is visited at a missing address so that the server answers 404.
 */
export function discoverPages(dir) {
  const files = listFiles(dir);
  const pages = [];
  const languages = discoverLanguages(dir);
  for (const { lang, prefix } of languages) {
    const langFiles = files.filter((f) => f.endsWith('.html') && f.startsWith(prefix) &&
      (prefix !== '' || !languages.some((l) => l.prefix && f.startsWith(l.prefix))));
    const add = (type, rel, extra = {}) => {
      if (!rel || !existsSync(join(dir, rel))) return;
      const html = read(dir, rel);
      if (/http-equiv="refresh"/i.test(html)) return; // an alias redirect, not a page
      pages.push({
        lang,
        type,
        file: rel,
        path: fileToUrlPath(rel),
        rtl: /<html[^>]*\sdir="rtl"/i.test(html),
        fallback: html.includes('class="notice"'),
        status: 200,
        ...extra,
      });
    };
    const dirPage = (rel) => (rel ? `${rel}index.html` : null);
    add('home', `${prefix}index.html`);
    add('about', `${prefix}about/index.html`);
    add('accessibility', `${prefix}accessibility/index.html`);
    add('press-list', `${prefix}press/index.html`);
    add('press-list-page-2', `${prefix}press/page/2/index.html`);
    add('press-release', dirPage(firstChild(dir, `${prefix}press/`)));
    // A release with a photo gallery (lead image, srcset, lazy images), where there is one.
    add('press-release-gallery', langFiles.find((f) => f.startsWith(`${prefix}press/`) &&
      !pages.some((p) => p.file === f) && read(dir, f).includes('class="gallery"')));
    const year = firstChild(dir, `${prefix}press/`, { archive: true });
    add('press-archive-year', dirPage(year));
    add('press-archive-month', dirPage(firstChild(dir, year, { archive: true })));
    add('services-list', `${prefix}services/index.html`);
    add('service', dirPage(firstChild(dir, `${prefix}services/`, { skip: ['categories', 'life-events'] })));
    add('services-by-category', `${prefix}services/categories/index.html`);
    add('services-by-life-event', `${prefix}services/life-events/index.html`);
    add('centres-list', `${prefix}centres/index.html`);
    add('centre', dirPage(firstChild(dir, `${prefix}centres/`)));
    add('tags', `${prefix}tags/index.html`);
    add('tag-term', dirPage(firstChild(dir, `${prefix}tags/`)));
    add('search', `${prefix}search/index.html`);
    add('404', `${prefix}404.html`, { path: `/${prefix}no-such-page-${lang}/`, status: 404 });
    // A fallback page (shown in the default language with a notice), if the language
    // has one that is not already in the list under another type.
    add('fallback', langFiles.find((f) => !pages.some((p) => p.file === f) &&
      read(dir, f).includes('class="notice"')));
  }
  return pages;
}

/** A short, file-name-safe label for a page: `az-home`, `en-press-release`... */
export const pageLabel = (p) => `${p.lang}-${p.type}`;

/** Builds (or finds) the site, serves it and lists its pages. */
export async function setupSite() {
  const dir = publicDir();
  const server = await serve(dir);
  const pages = discoverPages(dir);
  return { dir, ...server, pages, languages: discoverLanguages(dir), url: (p) => server.origin + (p.path ?? p) };
}

/** Launches Debian's Chromium through playwright-core. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Fails a page load on anything but the expected status. */
export async function open(page, site, p, options = {}) {
  const response = await page.goto(site.url(p), { waitUntil: 'load', ...options });
  const status = response ? response.status() : 0;
  if (status !== (p.status ?? 200)) {
    throw new Error(`${p.path}: HTTP ${status}, expected ${p.status ?? 200}`);
  }
  return response;
}
