// The display controls that /site.js adds to the header: text size (smaller, reset,
// larger) and a high-contrast toggle. They change the page, and the choice is kept in
// localStorage: it is applied again after a reload and on another page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, open, pageLabel, setupSite } from './lib/site.mjs';

const site = await setupSite();
let browser;
const measured = [];
const perLanguage = new Map(); // what was measured -> the languages it was measured in
const note = (lang, what) => perLanguage.set(what, [...(perLanguage.get(what) || []), lang]);

const rootSize = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
const h1Size = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('h1')).fontSize));
const colours = (page) => page.evaluate(() => {
  const body = getComputedStyle(document.body);
  const main = getComputedStyle(document.querySelector('main'));
  const link = document.querySelector('main a');
  return {
    rootBackground: getComputedStyle(document.documentElement).backgroundColor,
    bodyBackground: body.backgroundColor,
    bodyColor: body.color,
    mainBackground: main.backgroundColor,
    mainColor: main.color,
    link: link ? getComputedStyle(link).color : null,
  };
});
const button = (page, selector) => page.locator(`.display-controls ${selector}`);

async function withPage(fn, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  context.setDefaultTimeout(5000); // a missing control fails in seconds, not after 30 s
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

describe('display controls', () => {
  before(async () => { browser = await launchChromium(); });
  after(async () => {
    await browser?.close();
    await site.close();
    const notes = [...perLanguage].map(([what, langs]) => `${what} (${langs.join(', ')})`);
    console.log(`controls: ${[...measured, ...notes].join('; ')}`);
  });

  // Every page carries the controls once JavaScript has run.
  test('every page type in every language has the controls in its header', () => withPage(async (page) => {
    const missing = [];
    for (const p of site.pages) {
      await open(page, site, p);
      const state = await page.evaluate(() => {
        const group = document.querySelector('.display-controls');
        if (!group) return { found: false };
        const labelledby = (group.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
          .map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
        return {
          found: true,
          inHeader: !!group.closest('header'),
          role: group.getAttribute('role'),
          name: labelledby || (group.getAttribute('aria-label') || '').trim(),
          buttons: ['[data-text-size="smaller"]', '[data-text-size="reset"]', '[data-text-size="larger"]', '[data-contrast]']
            .filter((s) => group.querySelectorAll(`button${s}`).length !== 1),
          pressed: group.querySelector('button[data-contrast]')?.getAttribute('aria-pressed'),
          unnamedButtons: [...group.querySelectorAll('button')].filter((b) => !(b.textContent.trim() || b.getAttribute('aria-label'))).length,
          count: document.querySelectorAll('.display-controls').length,
        };
      });
      const problems = [];
      if (!state.found) problems.push('no .display-controls');
      else {
        if (state.count !== 1) problems.push(`${state.count} .display-controls`);
        if (!state.inHeader) problems.push('not inside <header>');
        if (state.role !== 'group') problems.push(`role="${state.role}", expected "group"`);
        if (!state.name) problems.push('group has no accessible name');
        if (state.buttons.length) problems.push(`missing or repeated button${state.buttons.join(', button')}`);
        if (state.pressed !== 'false') problems.push(`contrast button aria-pressed="${state.pressed}", expected "false"`);
        if (state.unnamedButtons) problems.push(`${state.unnamedButtons} button(s) without a name`);
      }
      if (problems.length) missing.push(`${pageLabel(p)} ${p.path}: ${problems.join('; ')}`);
    }
    measured.push(`present on ${site.pages.length - missing.length}/${site.pages.length} pages`);
    assert.deepEqual(missing, [], `display controls wrong on ${missing.length} page(s):\n  ${missing.join('\n  ')}`);
  }));

  for (const lang of site.languages.map((l) => l.lang)) {
    const home = site.pages.find((p) => p.lang === lang && p.type === 'home');
    const other = site.pages.find((p) => p.lang === lang && p.type === 'press-release');
    if (!home || !other) continue;

    test(`${lang}: text size changes the page, and persists across reload and navigation`, () => withPage(async (page) => {
      await open(page, site, home);
      const base = await rootSize(page);
      const baseH1 = await h1Size(page);
      await button(page, '[data-text-size="larger"]').click();
      const larger1 = await rootSize(page);
      assert.ok(larger1 > base, `larger: root font-size ${base}px -> ${larger1}px, expected it to grow`);
      assert.ok(await h1Size(page) > baseH1, 'larger: the h1 did not grow with the root font size');
      await button(page, '[data-text-size="larger"]').click();
      const larger2 = await rootSize(page);
      assert.ok(larger2 > larger1, `larger twice: ${larger1}px -> ${larger2}px, expected another step`);
      assert.ok(await page.evaluate(() => localStorage.length) > 0, 'nothing stored in localStorage');

      await page.reload({ waitUntil: 'load' });
      assert.equal(await rootSize(page), larger2, 'text size not applied again after a reload');
      await open(page, site, other);
      assert.equal(await rootSize(page), larger2, `text size not applied on another page (${other.path})`);

      await button(page, '[data-text-size="reset"]').click();
      assert.equal(await rootSize(page), base, 'reset did not restore the default size');
      await button(page, '[data-text-size="smaller"]').click();
      const smaller = await rootSize(page);
      assert.ok(smaller < base, `smaller: ${base}px -> ${smaller}px, expected it to shrink`);
      await open(page, site, home);
      assert.equal(await rootSize(page), smaller, 'smaller text size not kept on the next page');
      await button(page, '[data-text-size="reset"]').click();
      await page.reload({ waitUntil: 'load' });
      assert.equal(await rootSize(page), base, 'reset not kept after a reload');
      note(lang, `root font-size ${base} px, larger ${larger1} then ${larger2} px, smaller ${smaller} px`);
    }));

    test(`${lang}: high contrast changes the colours, and persists across reload and navigation`, () => withPage(async (page) => {
      await open(page, site, home);
      const contrast = button(page, 'button[data-contrast]');
      assert.equal(await contrast.getAttribute('aria-pressed'), 'false');
      assert.equal(await page.getAttribute('html', 'data-contrast'), null, 'data-contrast set before any choice');
      const normal = await colours(page);
      await contrast.click();
      assert.equal(await page.getAttribute('html', 'data-contrast'), 'high');
      assert.equal(await contrast.getAttribute('aria-pressed'), 'true');
      const high = await colours(page);
      assert.notDeepEqual(high, normal, `colours unchanged by high contrast: ${JSON.stringify(normal)}`);

      await page.reload({ waitUntil: 'load' });
      assert.equal(await page.getAttribute('html', 'data-contrast'), 'high', 'high contrast not applied after a reload');
      assert.equal(await button(page, 'button[data-contrast]').getAttribute('aria-pressed'), 'true', 'aria-pressed not "true" after a reload');
      assert.deepEqual(await colours(page), high);
      await open(page, site, other);
      assert.equal(await page.getAttribute('html', 'data-contrast'), 'high', `high contrast not applied on another page (${other.path})`);
      assert.equal(await button(page, 'button[data-contrast]').getAttribute('aria-pressed'), 'true');

      await button(page, 'button[data-contrast]').click();
      assert.equal(await page.getAttribute('html', 'data-contrast'), null, 'second click did not turn high contrast off');
      assert.equal(await button(page, 'button[data-contrast]').getAttribute('aria-pressed'), 'false');
      await open(page, site, home);
      assert.equal(await page.getAttribute('html', 'data-contrast'), null, 'turning high contrast off was not kept');
      assert.deepEqual(await colours(page), normal);
      note(lang, `high contrast: text ${normal.bodyColor} on ${normal.rootBackground} -> ${high.bodyColor} on ${high.rootBackground}`);
    }));
  }

  test('the controls work from the keyboard', () => withPage(async (page) => {
    const home = site.pages.find((p) => p.type === 'home');
    await open(page, site, home);
    const base = await rootSize(page);
    await button(page, '[data-text-size="larger"]').focus();
    await page.keyboard.press('Enter');
    assert.ok(await rootSize(page) > base, 'Enter on "larger" did not grow the text');
    await button(page, 'button[data-contrast]').focus();
    await page.keyboard.press('Space');
    assert.equal(await page.getAttribute('html', 'data-contrast'), 'high', 'Space on the contrast button did not turn it on');
  }));
});
