// Full-page screenshots of every page type in every language at 320 px and 1280 px,
// into tests/browser/screenshots/ (git-ignored). At 320 px nothing may scroll sideways,
// and no page loads anything from another site.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOT_DIR, launchChromium, open, pageLabel, setupSite } from './lib/site.mjs';

const VIEWPORTS = [
  { width: 320, height: 800 },
  { width: 1280, height: 900 },
];

const site = await setupSite();
let browser;
let shots = 0;
let widest = { width: 0, label: '' };
let tallest = { height: 0, label: '' };

describe('screenshots', () => {
  before(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const f of readdirSync(SCREENSHOT_DIR)) if (f.endsWith('.png')) rmSync(join(SCREENSHOT_DIR, f));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site.close();
    console.log(`screenshots: ${shots} saved to ${SCREENSHOT_DIR}; widest scrollWidth at 320 px: ${widest.width} px (${widest.label}); tallest page at 320 px: ${tallest.height} px (${tallest.label})`);
  });

  for (const viewport of VIEWPORTS) {
    describe(`${viewport.width} px`, () => {
      let context;
      before(async () => { context = await browser.newContext({ viewport, colorScheme: 'light' }); });
      after(async () => { await context?.close(); });

      for (const p of site.pages) {
        const label = pageLabel(p);
        test(`${label} ${p.path}`, async () => {
          const page = await context.newPage();
          const foreign = [];
          page.on('request', (req) => {
            const url = new URL(req.url());
            if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== site.origin) foreign.push(req.url());
          });
          try {
            await open(page, site, p);
            await page.evaluate(() => document.fonts.ready);
            const m = await page.evaluate(() => ({
              scrollWidth: document.documentElement.scrollWidth,
              height: document.documentElement.scrollHeight,
              dir: document.documentElement.getAttribute('dir'),
              direction: getComputedStyle(document.body).direction,
              // The outermost elements that stick out past the viewport, to name the culprit.
              overflowing: [...document.body.querySelectorAll('*')]
                .filter((el) => {
                  const r = el.getBoundingClientRect();
                  return r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5);
                })
                .filter((el, _, all) => !all.includes(el.parentElement))
                .slice(0, 5)
                .map((el) => {
                  const r = el.getBoundingClientRect();
                  const id = el.id ? `#${el.id}` : '';
                  const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
                  return `<${el.tagName.toLowerCase()}${id}${cls}> ${Math.round(r.left)}..${Math.round(r.right)} px "${(el.innerText || '').trim().slice(0, 40)}"`;
                }),
            }));
            const file = join(SCREENSHOT_DIR, `${label}-${viewport.width}.png`);
            await page.screenshot({ path: file, fullPage: true });
            shots += 1;
            if (viewport.width === 320) {
              if (m.scrollWidth > widest.width) widest = { width: m.scrollWidth, label };
              if (m.height > tallest.height) tallest = { height: m.height, label };
            }
            assert.ok(m.scrollWidth <= viewport.width,
              `horizontal scrolling at ${viewport.width} px: scrollWidth ${m.scrollWidth} px; sticking out: ${m.overflowing.join('; ')}`);
            if (p.rtl) {
              assert.equal(m.dir, 'rtl', '<html dir> is not "rtl"');
              assert.equal(m.direction, 'rtl', 'body is not laid out right to left');
            }
            assert.deepEqual(foreign, [], 'the page loads resources from another site');
          } finally {
            await page.close();
          }
        });
      }
    });
  }
});
