// A static server that compresses like a production one: files under `root` on
// 127.0.0.1 at a free port, gzipped (zlib level 6) when the request accepts gzip, so that
// Playwright's response sizes are the bytes a reader's browser transfers. `/x/` serves
// `/x/index.html`; a missing file is a plain 404.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
};

/**
 * Resolves to { origin, hits, close() }: `hits` counts the requests for each path.
 * `cacheControl` is the Cache-Control header of every response (default `no-cache`).
 */
export function serveGzip(root, { cacheControl = 'no-cache' } = {}) {
  root = resolve(root);
  const cache = new Map();
  const hits = new Map();
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    hits.set(pathname, (hits.get(pathname) || 0) + 1);
    let file = resolve(root, '.' + pathname);
    if (file !== root && !file.startsWith(root + sep)) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end('not found');
    const type = TYPES[extname(file)] || 'application/octet-stream';
    const headers = { 'Content-Type': type, 'Cache-Control': cacheControl, Vary: 'Accept-Encoding' };
    let body = readFileSync(file);
    if (/\bgzip\b/.test(req.headers['accept-encoding'] || '') && !type.startsWith('image/')) {
      if (!cache.has(file)) cache.set(file, gzipSync(body, { level: 6 }));
      body = cache.get(file);
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers).end(body);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done({
      origin: `http://127.0.0.1:${server.address().port}`,
      hits,
      close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
    }));
  });
}

/**
 * Counts what `page` transfers from now on: call the returned function to get
 * { bytes, files: [[url path, bytes]] } (headers and encoded bodies of finished requests).
 */
export function countTransfers(page) {
  const seen = [];
  const listener = (request) => seen.push(request);
  page.on('requestfinished', listener);
  return async () => {
    page.off('requestfinished', listener);
    const files = [];
    for (const request of seen) {
      const sizes = await request.sizes();
      files.push([new URL(request.url()).pathname, sizes.responseBodySize + sizes.responseHeadersSize]);
    }
    return { bytes: files.reduce((n, [, b]) => n + b, 0), files };
  };
}
