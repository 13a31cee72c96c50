// Runs axe-core in a Playwright page and formats its violations.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axe = require('axe-core');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];
export const AXE_VERSION = axe.version;

/** Injects axe-core into the page and returns its violations (array). */
export async function runAxe(page) {
  await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return results.violations;
}

/** One line per failing element: rule id, impact, target, help (and the failure summary). */
export function formatViolations(violations) {
  const lines = [];
  for (const v of violations) {
    for (const node of v.nodes) {
      const summary = (node.failureSummary || '').replace(/\s+/g, ' ').trim();
      lines.push(`  [${v.id}] (${v.impact}) ${node.target.join(' ')} — ${v.help}${summary ? ` | ${summary}` : ''}`);
    }
  }
  return lines.join('\n');
}
