// Search in the browser: Azerbaijani letters match with or without their marks and by the
// language's case rules; the query is kept in the address; without JavaScript the search
// page offers links to browse instead of a form that cannot work.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, setupSite } from './lib/site.mjs';

const site = await setupSite();
let browser;
const seen = [];

async function results(context, path) {
  const page = await context.newPage();
  try {
    await page.goto(`${site.origin}${path}`);
    await page.waitForFunction(() => document.querySelector('.search-status')?.textContent !== '', null, { timeout: 10000 });
    return await page.$$eval('.search-results .item-title a', (links) => links.map((a) => a.textContent));
  } finally {
    await page.close();
  }
}

describe('search', () => {
  before(async () => { browser = await launchChromium(); });
  after(async () => {
    await browser?.close();
    await site.close();
    console.log(`search: ${seen.map(([q, n]) => `"${q}" ${n} result(s)`).join(', ')}`);
  });

  for (const [query, expected] of [
    ['şəhadətnamə', 'şəhadətnamə'],
    ['sehadetname', 'şəhadətnamə'],
    ['ŞƏXSİYYƏT', 'Şəxsiyyət vəsiqəsinin verilməsi'],
    ['icaze', 'İcazə'],
  ]) {
    test(`az: "${query}" finds a page with "${expected}"`, async () => {
      const context = await browser.newContext();
      const found = await results(context, `/search/?q=${encodeURIComponent(query)}`);
      await context.close();
      seen.push([query, found.length]);
      assert.ok(found.some((t) => t.includes(expected)), `${query}: ${JSON.stringify(found)}`);
    });
  }

  test('en: a query with no match says so', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.origin}/en/search/?q=zzzzqqq`);
    await page.waitForFunction(() => document.querySelector('.search-status')?.textContent !== '');
    assert.match(await page.textContent('.search-status'), /Nothing found/);
    await context.close();
  });

  test('typing and submitting keeps the query in the address', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.origin}/search/`);
    await page.fill('#search-query', 'pasport');
    await page.press('#search-query', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('.search-results li').length > 0);
    assert.match(page.url(), /\?q=pasport$/);
    await context.close();
  });

  test('without JavaScript there is no dead form, and links to browse', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.origin}/search/`);
    assert.equal(await page.locator('form[role="search"]').count(), 0);
    assert.ok(await page.locator('.browse a').count() >= 3);
    await context.close();
  });
});
