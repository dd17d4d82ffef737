// A draft or embargoed briefing previewed with --drafts and --future says
// so in words, on its page and in lists (issue 22): text a screen reader
// reads, not a colour; kept in print; no axe violation, light or dark;
// in the feeds (read by a real feed parser) and in search results.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parseFeed } from '@rowanmanning/feed-parser';
import { pathToFileURL } from 'node:url';
import { buildSite, launch } from './lib.mjs';

const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let browser, root, site;
before(async () => {
  site = buildSite({
    'site.toml': 'title = "Preview"\nbase_url = "https://example.org/"\n',
    'content/briefings/2025-02-12-draft.md': '+++\ntitle = "A draft"\ndate = 2025-02-12\ndraft = true\n+++\nNot yet.\n',
    'content/briefings/2999-01-02-later.md': '+++\ntitle = "Later"\ndate = 2999-01-02\n+++\nEmbargoed.\n',
  }, '--drafts', '--future');
  root = pathToFileURL(site).href + '/';
  browser = await launch();
});
after(() => browser?.close());

for (const scheme of ['light', 'dark']) {
  test(`draft and embargo markers, ${scheme}: in words, printed, accessible`, async () => {
    const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 390, height: 844 } });
    await page.goto(root + 'briefings/2025-02-12-draft/index.html');
    const marker = page.locator('header .status');
    assert.equal(await marker.textContent(), 'Draft');
    assert.ok(await marker.isVisible());
    assert.equal(await marker.evaluate(e => getComputedStyle(e).textTransform), 'uppercase');
    await page.emulateMedia({ media: 'print' });
    assert.ok(await marker.isVisible(), 'the marker is not printed');
    await page.emulateMedia({ media: 'screen' });

    await page.goto(root + 'briefings/2999-01-02-later/index.html');
    assert.equal(await page.locator('header .status').textContent(), 'Embargoed until 2 January 2999');

    await page.goto(root + 'briefings/index.html');
    const items = await page.locator('.item').allTextContents();
    assert.ok(items.some(t => t.includes('A draft') && t.includes('Draft')), 'the list marks the draft');
    assert.ok(items.some(t => t.includes('Later') && t.includes('Embargoed until 2 Jan 2999')), 'the list marks the embargo');

    for (const path of ['briefings/2025-02-12-draft/index.html', 'briefings/index.html']) {
      await page.goto(root + path);
      await page.addScriptTag({ path: axe });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(bad, [], path);
    }
    await page.close();
  });
}

// Issue 22: a feed read by a feed reader says which entries are drafts
// or embargoed, in the title a reader sees and as a category.
test('the feed marks drafts and embargoed entries', () => {
  const feed = parseFeed(readFileSync(join(site, 'index.xml'), 'utf8'));
  const items = Object.fromEntries(feed.items.map(i => [i.url.replace(/^.*\/briefings\//, ''), i]));
  assert.equal(items['2025-02-12-draft/'].title, '[Draft] A draft');
  assert.equal(items['2999-01-02-later/'].title, '[Embargoed until 2 January 2999] Later');
  assert.ok(items['2025-02-12-draft/'].categories.some(c => c.term === 'Draft'), 'the draft has a category that says so');
  assert.ok(items['2999-01-02-later/'].categories.some(c => c.term === 'Embargoed until 2 January 2999'), 'the embargo has a category that says so');
});

// Issue 22: a search result that is a draft or embargoed says so, as
// lists do.
test('search results mark drafts and embargoed briefings', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  for (const [q, title, status] of [['draft', 'A draft', 'Draft'], ['later', 'Later', 'Embargoed until 2 Jan 2999']]) {
    await page.goto(root + 'search/index.html?q=' + q);
    await page.waitForSelector('#results .result');
    const got = await page.evaluate(() => [...document.querySelectorAll('#results .result')].map(r =>
      [r.querySelector('.result-title').textContent, [...r.querySelectorAll('.status')].map(s => s.textContent)]));
    assert.deepEqual(got.find(r => r[0] === title), [title, [status]], `search for ${q}: ${JSON.stringify(got)}`);
  }
  await page.close();
});
