// axe-core finds no serious or critical accessibility violation on the
// home page, a briefing, an entity page, search results, a briefing
// with a hover card open, the timeline, map and graph, a dossier and the
// data page, in the light and the dark colour scheme.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { build, launch } from './lib.mjs';

const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let browser, root;
before(async () => {
  root = pathToFileURL(build()).href + '/';
  browser = await launch();
});
after(() => browser?.close());

const pages = {
  home: 'index.html',
  briefing: 'briefings/2025-02-12-hegseth-contact-group-brussels/index.html',
  'briefing with a callout': 'briefings/2025-02-12-uk-firepower-package/index.html',
  'briefing with an embed and a callout': 'briefings/2025-02-12-ukraine-nato-path-context/index.html',
  person: 'people/vladimir-putin/index.html',
  country: 'countries/ukraine/index.html',
  event: 'events/26th-ukraine-defense-contact-group/index.html',
  outlet: 'outlets/upi/index.html',
  corrections: 'corrections/index.html',
  // A briefing with the grading scale opened from a source's grade.
  scale: 'briefings/2025-02-12-uk-firepower-package/index.html',
  search: 'search/index.html?q=nato',
  // A briefing with the hover card of a person open, from the keyboard.
  card: 'briefings/2025-02-12-trump-putin-call/index.html',  // The drawings and dossiers of issue 26.
  timeline: 'timeline/index.html',
  map: 'map/index.html',
  graph: 'graph/index.html',
  dossier: 'countries/ukraine/dossier.html',
  data: 'data/index.html',
};

for (const scheme of ['light', 'dark']) {
  for (const [name, path] of Object.entries(pages)) {
    test(`${name} page, ${scheme}: no serious or critical axe violation`, async () => {
      const page = await browser.newPage({ colorScheme: scheme });
      await page.goto(root + path);
      if (name === 'search') await page.waitForSelector('#results .result');
      if (name === 'scale') {
        await page.locator('.sources a.grade').first().click();
        await page.waitForFunction(() => document.getElementById('grading').open);
      }
      if (name === 'card') {
        await page.locator('main .prose a', { hasText: 'Donald Trump' }).first().focus();
        await page.waitForSelector('.entity-card');
      }
      await page.addScriptTag({ path: axe });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      assert.ok(result.passes.length > 10, 'axe ran its checks');
      const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(bad, []);
      await page.close();
    });
  }
}
