// axe-core over every page type in every language, light mode; the home page and a
// press release also in dark mode and with the high-contrast toggle on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, open, pageLabel, setupSite } from './lib/site.mjs';
import { AXE_TAGS, AXE_VERSION, formatViolations, runAxe } from './lib/axe.mjs';

const site = await setupSite();
let browser;
const tally = { pages: 0, violations: 0, byRule: new Map() };

function record(label, violations) {
  tally.pages += 1;
  for (const v of violations) {
    tally.violations += v.nodes.length;
    const pages = tally.byRule.get(v.id) || new Set();
    pages.add(label);
    tally.byRule.set(v.id, pages);
  }
}

async function check(label, p, contextOptions, prepare) {
  const context = await browser.newContext(contextOptions);
  context.setDefaultTimeout(10000);
  try {
    const page = await context.newPage();
    await open(page, site, p);
    if (prepare) await prepare(page);
    const violations = await runAxe(page);
    record(label, violations);
    assert.equal(violations.length, 0,
      `${label} ${p.path}: ${violations.length} axe rule(s) violated:\n${formatViolations(violations)}`);
  } finally {
    await context.close();
  }
}

async function contrastOn(page) {
  const button = page.locator('button[data-contrast]');
  assert.equal(await button.count(), 1, 'no button[data-contrast] on the page');
  await button.click();
  assert.equal(await page.getAttribute('html', 'data-contrast'), 'high', 'contrast button did not set data-contrast="high"');
}

describe(`axe-core ${AXE_VERSION} (${AXE_TAGS.join(', ')})`, () => {
  before(async () => { browser = await launchChromium(); });
  after(async () => {
    await browser?.close();
    await site.close();
    const rules = [...tally.byRule].map(([id, pages]) => `${id} on ${pages.size} page(s)`).join('; ');
    console.log(`axe: ${tally.pages} page checks, ${tally.violations} violating element(s)${rules ? `: ${rules}` : ''}`);
  });

  for (const p of site.pages) {
    const label = pageLabel(p);
    test(`${label} ${p.path} (light)`, () => check(`${label} light`, p, { colorScheme: 'light' }));
  }

  for (const type of ['home', 'press-release']) {
    for (const p of site.pages.filter((x) => x.type === type && ['az', 'ar'].includes(x.lang))) {
      const label = pageLabel(p);
      test(`${label} ${p.path} (dark colour scheme)`, () => check(`${label} dark`, p, { colorScheme: 'dark' }));
      test(`${label} ${p.path} (high contrast on)`, () => check(`${label} contrast`, p, { colorScheme: 'light' }, contrastOn));
      test(`${label} ${p.path} (dark + high contrast)`, () => check(`${label} dark+contrast`, p, { colorScheme: 'dark' }, contrastOn));
    }
  }
});
