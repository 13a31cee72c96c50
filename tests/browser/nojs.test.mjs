// With JavaScript disabled every page shows all its content: no display controls (they
// exist only when the script runs), the same text in <main> as with JavaScript on, and
// no "enable JavaScript" message anywhere.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, open, pageLabel, setupSite } from './lib/site.mjs';

const site = await setupSite();
let browser;
let jsOn;
let jsOff;
let checked = 0;
let characters = 0;

// An "enable JavaScript" message in English, Azerbaijani, Russian or Arabic. (Saying that
// the site works without JavaScript, as the accessibility statement does, is fine.)
const ENABLE_JS = new RegExp([
  String.raw`\b(please\s+)?(enable|turn\s+on|switch\s+on|activate|allow)\s+(your\s+)?javascript\b`,
  String.raw`\bjavascript\s+(is\s+)?(required|needed|must\s+be\s+(enabled|on))\b`,
  String.raw`\b(requires?|needs?)\s+javascript\b`,
  String.raw`javascript[-‑]?(i|ni)?\s+(aktivləşdir|aktiv\s+edin|yandır|işə\s+sal|qoşun)`,
  String.raw`javascript\s+tələb`,
  String.raw`(включите|разрешите|активируйте)\s+javascript`,
  String.raw`(требуется|необходим\S*|нужен)\s+javascript`,
  String.raw`(تفعيل|فعّل|فعل|مكّن|تمكين)\s+(ال)?(جافا\s*سكربت|جافاسكربت|جافا\s*سكريبت|javascript)`,
].join('|'), 'i');

const snapshot = (page) => page.evaluate(() => {
  const main = document.querySelector('main');
  const rect = main ? main.getBoundingClientRect() : null;
  const style = main ? getComputedStyle(main) : null;
  return {
    // Text that scripts add on purpose (elements marked data-enhancement, like the search
    // form) is left out: the page must show all its own content either way.
    main: main
      ? [...main.querySelectorAll('[data-enhancement]')]
        .reduce((text, e) => text.replace(e.innerText, ''), main.innerText)
        .replace(/\s+/g, ' ')
        .trim()
      : null,
    visible: !!rect && rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none',
    body: document.body.innerText,
    controls: document.querySelectorAll('.display-controls').length,
  };
});

describe('no JavaScript', () => {
  before(async () => {
    browser = await launchChromium();
    jsOn = await browser.newContext({ javaScriptEnabled: true });
    jsOff = await browser.newContext({ javaScriptEnabled: false });
  });
  after(async () => {
    await browser?.close();
    await site.close();
    console.log(`no-js: ${checked} page(s) compared with JavaScript on and off, ${characters} characters of <main> text`);
  });

  for (const p of site.pages) {
    test(`${pageLabel(p)} ${p.path} shows all its content without JavaScript`, async () => {
      const on = await jsOn.newPage();
      const off = await jsOff.newPage();
      try {
        await open(on, site, p);
        const source = await (await open(off, site, p)).text();
        const withJs = await snapshot(on);
        const withoutJs = await snapshot(off);
        assert.equal(withoutJs.controls, 0, 'a .display-controls element is in the DOM without JavaScript');
        assert.notEqual(withoutJs.main, null, 'no <main> element');
        assert.ok(withoutJs.visible, '<main> is not visible without JavaScript');
        assert.ok(withoutJs.main.length > 0, '<main> is empty without JavaScript');
        assert.equal(withoutJs.main, withJs.main, '<main> text differs between JavaScript off and on');
        for (const [mode, text] of [['off', withoutJs.body], ['on', withJs.body], ['source', source.replace(/<[^>]*>/g, ' ')]]) {
          const m = text.match(ENABLE_JS);
          assert.equal(m, null, `page text mentions JavaScript (${mode === 'source' ? 'in the HTML source' : `JavaScript ${mode}`}): "${m && text.slice(Math.max(0, m.index - 40), m.index + 60)}"`);
        }
        checked += 1;
        characters += withoutJs.main.length;
      } finally {
        await on.close();
        await off.close();
      }
    });
  }
});
