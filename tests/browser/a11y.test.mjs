// axe-core finds no accessibility violation, of any impact, on every kind
// of page (pages.mjs: lists, entities, briefings, timeline, map, graph,
// dossier, data, search, 404 ...), with a hover card open, with the
// grading scale opened from a source's grade and with the phone menu
// open, in the light and the dark colour scheme.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { build, launch, serve } from './lib.mjs';
import { pages } from './pages.mjs';

const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// Pages are opened from disk, but for the 404 page, which links from the
// site's root (it answers for any address), served on 127.0.0.1.
let browser, root, server;
before(async () => {
  const site = build();
  root = pathToFileURL(site).href + '/';
  server = await serve(site, '/');
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

// Every kind of page (pages.mjs), and three states of one: a briefing
// with the hover card of a person open from the keyboard, a briefing with
// the grading scale opened from a source's grade, and a phone with the
// header's menu open.
const states = {
  ...pages,
  scale: 'briefings/2025-02-12-uk-firepower-package/index.html',
  card: 'briefings/2025-02-12-trump-putin-call/index.html',
  'phone menu': 'people/vladimir-putin/index.html',
};

for (const scheme of ['light', 'dark']) {
  for (const [name, path] of Object.entries(states)) {
    test(`${name} page, ${scheme}: no axe violation`, async () => {
      const phone = name === 'phone menu';
      const page = await browser.newPage({ colorScheme: scheme, ...(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {}) });
      await page.goto(name === '404' ? `http://127.0.0.1:${server.port}/no/such/page/` : root + path);
      if (name === 'search') await page.waitForSelector('#results .result');
      if (name === 'scale') {
        await page.locator('.sources a.grade').first().click();
        await page.waitForFunction(() => document.getElementById('grading').open);
      }
      if (name === 'card') {
        await page.locator('main .prose a', { hasText: 'Donald Trump' }).first().focus();
        await page.waitForSelector('.entity-card');
      }
      if (phone) await page.locator('.menu summary').click();
      await page.addScriptTag({ path: axe });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      assert.ok(result.passes.length > 10, 'axe ran its checks');
      const bad = result.violations.map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(bad, []);
      await page.close();
    });
  }
}
