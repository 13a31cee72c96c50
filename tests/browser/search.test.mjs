// Search in the browser, on the demonstration site: full text (words of a page's body),
// Azerbaijani suffixes, marks and Turkic case, English and Russian stems; search.js gives
// every word of tests/browser/lib/search-keys.json the key the Rust indexer gives it;
// excerpts mark the matched words; filters by section and category; the count in a live
// region; keyboard use; axe on the results view; what a query transfers (gzipped) and how
// long results take. Without JavaScript the page offers links to browse and no dead form.
//
// DILMANC_SEARCH_CORPUS=/path/to/public also runs the queries on a large generated site
// (see README.md, Search) and checks the size and time targets there.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { SUITE_DIR, launchChromium, publicDir } from './lib/site.mjs';
import { countTransfers, serveGzip } from './lib/gzip-serve.mjs';
import { runQuery } from './lib/search.mjs';
import { formatViolations, runAxe } from './lib/axe.mjs';

const KB = 1024;
const dir = publicDir();
const site = await serveGzip(dir);
const corpus = process.env.DILMANC_SEARCH_CORPUS;
const big = corpus ? await serveGzip(corpus) : null;
// Time to results on a slower or busier machine than the one the targets were set on:
// DILMANC_SEARCH_TIME_FACTOR=3 allows three times as long.
const slack = Number(process.env.DILMANC_SEARCH_TIME_FACTOR || 1);
let browser;
const seen = [];

async function searchPage(origin, path = '/search/', options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const transfers = countTransfers(page);
  await page.goto(`${origin}${path}`);
  return { page, context, errors, transfers };
}

async function find(path, query) {
  const { page, context, errors } = await searchPage(site.origin, path);
  try {
    const r = await runQuery(page, query);
    seen.push(`"${query}" ${r.titles.length}`);
    assert.deepEqual(errors, []);
    return r;
  } finally {
    await context.close();
  }
}

describe('search', () => {
  before(async () => { browser = await launchChromium(); });
  after(async () => {
    await browser?.close();
    await site.close();
    await big?.close();
    console.log(`# search: ${seen.join(', ')}`);
  });

  for (const [path, query, expected] of [
    ['/search/', 'şəhadətnamə', 'şəhadətnamə'],
    ['/search/', 'sehadetname', 'şəhadətnamə'],
    // The Cyrillic schwa "ә" (U+04D9), typed or pasted for "ə".
    ['/search/', 'şәhadәtnamә', 'şəhadətnamə'],
    ['/search/', 'ŞƏXSİYYƏT', 'Şəxsiyyət vəsiqəsinin verilməsi'],
    ['/search/', 'icaze', 'İcazə'],
    ['/search/', 'İCAZƏ', 'İcazə'],
    // Suffixed forms find the bare word and its other forms.
    ['/search/', 'pasportlar', 'Ümumvətəndaş pasportunun verilməsi'],
    ['/search/', 'pasportu', 'Ümumvətəndaş pasportunun verilməsi'],
    ['/search/', 'xidmətlərin', 'xidmət'],
    // Words of the body only.
    ['/search/', 'induksiya', 'Gəncə xidmət mərkəzi'],
    ['/search/', 'itirilmiş pasport', 'Ümumvətəndaş pasportunun verilməsi'],
    // A prefix while typing.
    ['/search/', 'şəhadətn', 'şəhadətnamə'],
    ['/en/search/', 'passports', 'Issuing a passport'],
    ['/en/search/', 'renewed', 'Free electronic signatures for pensioners'],
    ['/ru/search/', 'паспорта', 'Выдача общегражданского паспорта'],
    ['/ru/search/', 'ПАСПОРТОВ', 'Выдача общегражданского паспорта'],
    // "герой" and "герои" have other stems but one form without marks: both are found.
    ['/ru/search/', 'герои', 'Опубликованы итоги первого полугодия'],
    ['/ru/search/', 'герои', 'В центрах обслуживания введена электронная очередь'],
  ]) {
    test(`${path} "${query}" finds a page with "${expected}"`, async () => {
      const r = await find(path, query);
      assert.ok(r.titles.some((t) => t.toLowerCase().includes(expected.toLowerCase())), `${query}: ${JSON.stringify(r.titles)}`);
      assert.match(r.status, /\d/, 'the count is announced');
    });
  }

  test('search.js gives every word the key the indexer gives it', async () => {
    const table = JSON.parse(readFileSync(join(SUITE_DIR, 'lib', 'search-keys.json'), 'utf8'));
    const wrong = [];
    for (const [lang, words] of Object.entries(table)) {
      const path = lang === 'az' ? '/search/' : `/${lang}/search/`;
      const { page, context } = await searchPage(site.origin, path);
      const keys = await page.evaluate((ws) => Promise.all(ws.map((w) => window.dilmancSearch.keys(w))), Object.keys(words));
      Object.entries(words).forEach(([word, key], i) => {
        if (!keys[i].includes(key)) wrong.push(`${lang} ${word}: search.js ${keys[i]}, indexer ${key}`);
      });
      await context.close();
    }
    assert.deepEqual(wrong, []);
  });

  test('excerpts mark the matched words and hold no other markup', async () => {
    const { page, context } = await searchPage(site.origin);
    await runQuery(page, 'pasportun');
    const summaries = await page.$$eval('.search-results .summary', (ps) => ps.map((p) => ({
      marks: [...p.querySelectorAll('mark')].map((m) => m.textContent),
      other: p.querySelectorAll(':not(mark)').length,
    })));
    assert.ok(summaries.length > 0);
    assert.ok(summaries.every((s) => s.other === 0));
    assert.ok(summaries.some((s) => s.marks.some((m) => /^pasport/i.test(m))), JSON.stringify(summaries));
    await context.close();
  });

  test('results filter by section and by category', async () => {
    const { page, context } = await searchPage(site.origin);
    const all = await runQuery(page, 'pasport');
    assert.ok(all.urls.some((u) => u.startsWith('/press/')) && all.urls.some((u) => u.startsWith('/services/')));
    const press = await page.$eval('#search-section', (s) => [...s.options].find((o) => o.textContent === 'Mətbuat xidməti').value);
    await page.selectOption('#search-section', press);
    await page.waitForFunction(() => [...document.querySelectorAll('.search-results a')].every((a) => a.getAttribute('href').startsWith('/press/')));
    await page.selectOption('#search-section', '');
    const category = await page.$eval('#search-category', (s) => [...s.options].find((o) => o.textContent === 'Şəxsiyyət sənədləri').value);
    await page.selectOption('#search-category', category);
    await page.waitForFunction(() => {
      const links = [...document.querySelectorAll('.search-results a')];
      return links.length > 0 && links.every((a) => a.getAttribute('href').startsWith('/services/'));
    });
    await context.close();
  });

  test('keyboard: type, Enter, Tab reaches the filters and the first result', async () => {
    const { page, context } = await searchPage(site.origin);
    await page.keyboard.press('Tab');
    await page.focus('#search-query');
    await page.keyboard.type('vəsiqə');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.search-results a').length > 0);
    const reached = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement.id || document.activeElement.closest('.search-results') && 'result'));
    }
    assert.ok(reached.includes('search-section') && reached.includes('result'), JSON.stringify(reached));
    assert.equal(await page.getAttribute('.search-status', 'role'), 'status');
    assert.match(page.url(), /\?q=/);
    await context.close();
  });

  test('"more" shows the next results, each once', async () => {
    const { page, context } = await searchPage(site.origin);
    const first = await runQuery(page, 'pasport');
    assert.equal(first.urls.length, 10, 'a full first page, so that there is more');
    assert.ok(await page.isVisible('.search-more'));
    await page.click('.search-more');
    await page.waitForFunction(() => document.querySelectorAll('.search-results .item-title a').length > 10);
    const urls = await page.$$eval('.search-results .item-title a', (links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(urls.slice(0, 10), first.urls, 'the first page stays in place');
    assert.equal(new Set(urls).size, urls.length, JSON.stringify(urls));
    await context.close();
  });

  test('an unmatched query says so', async () => {
    const r = await find('/en/search/', 'zzzzqqq');
    assert.match(r.status, /Nothing found/);
    assert.equal(r.titles.length, 0);
  });

  test('a run of more than 64 letters is in no query, as in no index', async () => {
    const { page, context, errors } = await searchPage(site.origin);
    const r = await runQuery(page, 'ə'.repeat(65));
    assert.equal(r.titles.length, 0);
    assert.ok(!r.files.some(([path]) => path.includes('/search/t/')), `no shard for it: ${JSON.stringify(r.files)}`);
    const word = await runQuery(page, 'induksiya ' + 'x'.repeat(65));
    assert.ok(word.titles.some((t) => t.includes('Gəncə xidmət mərkəzi')), JSON.stringify(word.titles));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a word that names a property of every object is a word like another', async () => {
    // "constructors" has the key "constructor", which no page has here: it then finds the
    // longest key it starts with, "construct" (added to the shard for this test).
    const { page, context, errors } = await searchPage(site.origin, '/en/search/');
    await page.route('**/en/search/t/*.json', async (route) => {
      const response = await route.fetch();
      const shard = await response.json();
      shard.construct = [0, 20];
      await route.fulfill({ response, json: shard });
    });
    const r = await runQuery(page, 'constructors');
    assert.equal(r.titles.length, 1, r.status);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a page opened before the site was built again reads the new index and finds', async () => {
    // The entry file of an earlier build names shards and a fragment folder that are gone.
    const { page, context, errors } = await searchPage(site.origin);
    let stale = 0;
    await page.route('**/search/index.json', async (route) => {
      const response = await route.fetch();
      const entry = await response.json();
      if (stale++ === 0) {
        entry.shards = entry.shards.map(([key]) => [key, 't/0000000000.json']);
        entry.fragments = 'f/0000000000/';
      }
      await route.fulfill({ response, json: entry });
    });
    await page.reload();
    const r = await runQuery(page, 'pasport');
    assert.ok(r.titles.length > 0, r.status);
    assert.equal(stale, 2, 'the entry file is read again once');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('when the index cannot be read, the page says so in its language', async () => {
    for (const [path, expected] of [['/search/', /Axtarış hazırda işləmir/], ['/en/search/', /Search is not working/]]) {
      const { page, context, errors } = await searchPage(site.origin, path);
      await page.route('**/search/t/*', (route) => route.fulfill({ status: 404, body: 'gone' }));
      const r = await runQuery(page, 'pasport');
      assert.match(r.status, expected);
      assert.equal(r.titles.length, 0);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

  test('the entry file is read afresh on every visit; the other files may come from the cache', async () => {
    const cached = await serveGzip(dir, { cacheControl: 'max-age=3600' });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      for (let visit = 0; visit < 2; visit++) {
        await page.goto(`${cached.origin}/search/`);
        await runQuery(page, 'pasport');
      }
      await context.close();
      assert.equal(cached.hits.get('/search/index.json'), 2);
      assert.equal(cached.hits.get('/style.css'), 1, 'a cacheable file is read once');
      const shard = [...cached.hits.keys()].find((p) => p.includes('/search/t/'));
      assert.equal(cached.hits.get(shard), 1, shard);
    } finally {
      await cached.close();
    }
  });

  test('axe finds nothing on the results view', async () => {
    for (const path of ['/search/', '/ar/search/']) {
      const { page, context } = await searchPage(site.origin, path);
      await runQuery(page, path === '/search/' ? 'pasport' : 'جواز');
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatViolations(violations));
      await context.close();
    }
  });

  test('size and time on the demonstration site', async () => {
    const script = gzipSync(readFileSync(join(dir, 'search.js'))).length;
    assert.ok(script <= 10 * KB, `search.js is ${script} bytes gzipped`);
    const { page, context, transfers } = await searchPage(site.origin);
    const first = await runQuery(page, 'pasport', transfers);
    const next = await runQuery(page, 'şəhadətnamə');
    console.log(`# search demo: script ${script} B gzipped; first query ${first.bytes} B in ${first.ms.toFixed(0)} ms; next ${next.bytes} B in ${next.ms.toFixed(0)} ms`);
    assert.ok(first.bytes <= 100 * KB, JSON.stringify(first.files));
    assert.ok(next.bytes <= 40 * KB, JSON.stringify(next.files));
    // A guard against slow regressions; the 100 ms target is checked on the generated site.
    assert.ok(next.ms <= 500 * slack, `${next.ms} ms`);
    await context.close();
  });

  test('without JavaScript there is no dead form, and links to browse', async () => {
    const { page, context } = await searchPage(site.origin, '/search/', { javaScriptEnabled: false });
    assert.equal(await page.locator('form[role="search"]').count(), 0);
    assert.ok(await page.locator('.browse a').count() >= 3);
    await context.close();
  });

  describe('on a generated site', { skip: corpus ? false : 'DILMANC_SEARCH_CORPUS is not set' }, () => {
    test('body words, suffixes and marks find pages; bytes and time stay within the targets', async () => {
      const lines = [];
      const { page, context, errors, transfers } = await searchPage(big.origin);
      // A reader reads the page before typing: the first query comes once the page has
      // settled (no request for half a second), as the entry file is then loaded. Its
      // bytes still count from the page's load.
      await page.waitForLoadState('networkidle');
      const queries = ['vətəndaşların', 'xidmet', 'ŞƏHƏR', 'müraciətlərin qeydiyyatı', 'statistika', 'təhlükəsizlik'];
      const results = [];
      for (const [i, q] of queries.entries()) {
        const r = await runQuery(page, q, i === 0 ? transfers : undefined);
        results.push(r);
        lines.push(`"${q}" ${r.titles.length} results, ${r.bytes} B, ${r.ms.toFixed(0)} ms (${r.commandMs.toFixed(0)} ms from Playwright's press)`);
        assert.ok(r.titles.length > 0, q);
      }
      const script = gzipSync(readFileSync(join(corpus, 'search.js'))).length;
      console.log(`# search 10k: script ${script} B gzipped; ${lines.join('; ')}`);
      assert.deepEqual(errors, []);
      assert.ok(results[0].bytes <= 100 * KB, `first query ${results[0].bytes} B: ${JSON.stringify(results[0].files)}`);
      for (const r of results.slice(1)) assert.ok(r.bytes <= 40 * KB, `${r.bytes} B: ${JSON.stringify(r.files)}`);
      for (const r of results) assert.ok(r.ms <= 100 * slack, `${r.ms} ms`);
      await context.close();
    });
  });
});
