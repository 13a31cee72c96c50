// Helpers for the search tests: run a query on a search page the way a reader does (type,
// Enter) and measure what it costs (bytes the search transfers, time until results show).
import { countTransfers } from './gzip-serve.mjs';

/** Whether a transfer belongs to search: the script, the entry file, shards, fragments. */
export const isSearchFile = (path) => /\/search\.js$|\/search\/(index\.json|t\/|f\/)/.test(path);

/**
 * Types `query` into the open search page and presses Enter. Resolves to { titles, urls,
 * status, ms, commandMs, bytes, files } once results (or "nothing found") show: ms from
 * the Enter key's event (its timestamp: when the reader pressed it, before any handler
 * ran) to results in the page; commandMs from the moment Playwright was asked to press
 * it (which adds Playwright's own delay in delivering the key: 50 – 140 ms for the first
 * key of a page here); bytes the search files transferred meanwhile (gzip included), or
 * since `transfers` started (a `countTransfers` counter, to count from the page's load).
 */
export async function runQuery(page, query, transfers = countTransfers(page)) {
  await page.fill('#search-query', query);
  const before = await page.evaluate(() => {
    const status = document.querySelector('.search-status');
    // Results count from the Enter key: a search that typing started earlier (the page
    // searches 150 ms after the last keystroke) may show first, and does not count.
    let enterAt = null;
    window.__enterAt = new Promise((resolve) => {
      const onKey = (event) => {
        if (event.key !== 'Enter') return;
        document.removeEventListener('keydown', onKey, true);
        enterAt = event.timeStamp;
        resolve(enterAt);
      };
      document.addEventListener('keydown', onKey, true);
    });
    window.__searchDone = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (status.textContent && enterAt !== null) { observer.disconnect(); resolve(performance.now()); }
      });
      status.textContent = '';
      observer.observe(status, { childList: true, characterData: true, subtree: true });
    });
    return performance.now();
  });
  await page.press('#search-query', 'Enter');
  const [enter, done] = await page.evaluate(() => Promise.all([window.__enterAt, window.__searchDone]));
  await page.waitForLoadState('networkidle');
  const { bytes, files } = await transfers();
  const searchFiles = files.filter(([path]) => isSearchFile(path));
  const results = await page.$$eval('.search-results .item-title a', (links) => links.map((a) => [a.textContent, a.getAttribute('href')]));
  return {
    titles: results.map((r) => r[0]),
    urls: results.map((r) => r[1]),
    status: await page.textContent('.search-status'),
    ms: done - enter,
    commandMs: done - before,
    bytes: searchFiles.reduce((n, [, b]) => n + b, 0),
    files: searchFiles,
    allBytes: bytes,
  };
}
