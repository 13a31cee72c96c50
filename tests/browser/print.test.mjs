// A service page and a press release print cleanly: Chromium's print-to-PDF (A4, the
// print stylesheet) gives at most two pages, and the printout has no navigation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, open, pageLabel, setupSite } from './lib/site.mjs';

const site = await setupSite();
let browser;
let context;
const counts = [];

/** Pages of a PDF: the page objects of its page tree. */
const pageCount = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;

describe('print', () => {
  before(async () => {
    browser = await launchChromium();
    context = await browser.newContext();
  });
  after(async () => {
    await browser?.close();
    await site.close();
    console.log(`print: ${counts.map(([label, n]) => `${label} ${n} page(s)`).join(', ')}`);
  });

  const printed = site.pages.filter((p) => ['service', 'press-release', 'centre'].includes(p.type));
  test('there are pages to print', () => assert.ok(printed.length >= 3, `${printed.length}`));
  for (const p of printed) {
    test(`${pageLabel(p)} ${p.path} prints on at most two A4 pages without navigation`, async () => {
      const page = await context.newPage();
      try {
        await open(page, site, p);
        await page.emulateMedia({ media: 'print' });
        const hidden = await page.evaluate(() =>
          ['.site-nav', '.languages', '.breadcrumbs', '.display-controls', '.skip-link']
            .every((css) => [...document.querySelectorAll(css)].every((e) => getComputedStyle(e).display === 'none')));
        assert.ok(hidden, 'navigation is hidden in print');
        const pdf = await page.pdf({ format: 'A4', printBackground: false });
        const n = pageCount(pdf);
        counts.push([pageLabel(p), n]);
        assert.ok(n >= 1 && n <= 2, `${p.path}: ${n} pages`);
      } finally {
        await page.close();
      }
    });
  }
});
