// Helpers for the search tests: run a query on a search page the way a reader does (type,
// Enter) and measure what it costs (bytes the search transfers, time until results show).
import { countTransfers } from './gzip-serve.mjs';

/** Whether a transfer belongs to search: the script, the entry file, shards, fragments. */
export const isSearchFile = (path) => /\/search\.js$|\/search\/(index\.json|t\/|f\/)/.test(path);

/**
 * Types `query` into the open search page and presses Enter. Resolves to { titles, urls,
 * status, ms, bytes, files } once results (or "nothing found") show: ms from Enter to
 * results in the page, bytes the search files transferred meanwhile (gzip included), or
 * since `transfers` started (a `countTransfers` counter, to count from the page's load).
 */
export async function runQuery(page, query, transfers = countTransfers(page)) {
  await page.fill('#search-query', query);
  const before = await page.evaluate(() => {
    const status = document.querySelector('.search-status');
    window.__searchDone = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (status.textContent) { observer.disconnect(); resolve(performance.now()); }
      });
      status.textContent = '';
      observer.observe(status, { childList: true, characterData: true, subtree: true });
    });
    return performance.now();
  });
  await page.press('#search-query', 'Enter');
  const done = await page.evaluate(() => window.__searchDone);
  await page.waitForLoadState('networkidle');
  const { bytes, files } = await transfers();
  const searchFiles = files.filter(([path]) => isSearchFile(path));
  const results = await page.$$eval('.search-results .item-title a', (links) => links.map((a) => [a.textContent, a.getAttribute('href')]));
  return {
    titles: results.map((r) => r[0]),
    urls: results.map((r) => r[1]),
    status: await page.textContent('.search-status'),
    ms: done - before,
    bytes: searchFiles.reduce((n, [, b]) => n + b, 0),
    files: searchFiles,
    allBytes: bytes,
  };
}
