// Sanity checks on what the other tests visit: every page type is found in every
// language that has it, the 404 page answers 404, right-to-left pages say so.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setupSite } from './lib/site.mjs';

const site = await setupSite();
after(() => site.close());

const ALL_TYPES = ['home', 'about', 'accessibility', 'press-list', 'press-list-page-2', 'press-release',
  'services-list', 'service', 'services-by-category', 'services-by-life-event', 'centres-list', 'centre',
  'press-release-gallery', 'tags', 'tag-term', '404'];

test('page types discovered in every language', () => {
  const byLang = new Map(site.languages.map((l) => [l.lang, site.pages.filter((p) => p.lang === l.lang).map((p) => p.type)]));
  console.log(`pages: ${site.pages.length} page(s) in ${site.languages.length} language(s): ${[...byLang].map(([l, t]) => `${l} ${t.length}`).join(', ')}; ` +
    `fallback: ${site.pages.filter((p) => p.fallback).map((p) => p.path).join(' ') || 'none'}; ` +
    `rtl: ${site.pages.filter((p) => p.rtl).length}`);
  assert.ok(site.languages.length >= 2, 'fewer than two languages found in public/');
  for (const [lang, types] of byLang) {
    for (const t of ['home', 'press-list', 'press-release', 'services-list', 'service', 'tags', 'tag-term', '404']) {
      assert.ok(types.includes(t), `${lang}: no ${t} page found`);
    }
  }
  // The default language has every page of the site.
  const defaultTypes = byLang.get(site.languages[0].lang);
  for (const t of ALL_TYPES) assert.ok(defaultTypes.includes(t), `${site.languages[0].lang}: no ${t} page found`);
  assert.ok(site.pages.some((p) => p.fallback), 'no fallback page (class="notice") found');
  assert.ok(site.pages.some((p) => p.rtl), 'no right-to-left page found');
});

test('a missing address answers 404 with the 404 page, in each language', async () => {
  for (const p of site.pages.filter((x) => x.type === '404')) {
    const res = await fetch(site.url(p));
    assert.equal(res.status, 404, `${p.path}: status ${res.status}`);
    const body = await res.text();
    assert.match(body, new RegExp(`<html[^>]*lang="${p.lang}"`), `${p.path}: not the ${p.lang} 404 page`);
  }
});

test('every page declares its language; right-to-left pages declare dir="rtl"', async () => {
  for (const p of site.pages) {
    const res = await fetch(site.url(p));
    assert.equal(res.status, p.status, `${p.path}: status ${res.status}`);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    const html = await res.text();
    const tag = html.match(/<html[^>]*>/i)[0];
    assert.match(tag, /\slang="[^"]+"/, `${p.path}: <html> has no lang`);
    if (p.lang === 'ar') assert.match(tag, /\sdir="rtl"/, `${p.path}: Arabic page without dir="rtl"`);
  }
});
