// The demo site built for a web host under a path, as on GitHub Pages
// (http://127.0.0.1:PORT/repo/): every page reached by clicking, assets,
// feeds, sitemap and canonical URLs under the path, the 404 page at any
// depth, search, and the service worker keeping read pages and search
// offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, launch, crawl, watch, serve, freePort } from './lib.mjs';

let browser, site, server, base;
before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}/repo/`;
  site = build('--base-url', base);
  server = await serve(site, '/repo/', port);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

test('every page linked from /repo/ loads with its assets and no console error', async () => {
  const { visited, problems } = await crawl(browser, base, base);
  assert.ok(visited.length >= 30, `only ${visited.length} pages reached`);
  assert.deepEqual(problems, []);
});

test('canonical, Open Graph, feed and sitemap URLs are under the base path', async () => {
  const page = readFileSync(join(site, 'briefings/2025-02-12-trump-putin-call/index.html'), 'utf8');
  const url = base + 'briefings/2025-02-12-trump-putin-call/';
  assert.ok(page.includes(`<link rel="canonical" href="${url}">`), 'canonical link');
  assert.ok(page.includes(`<meta property="og:url" content="${url}">`), 'og:url');
  assert.match(page, /<meta property="og:description" content="Donald Trump spoke/);
  assert.match(page, /<meta name="twitter:card" content="summary">/);
  const feed = readFileSync(join(site, 'people/vladimir-putin/index.xml'), 'utf8');
  assert.ok(feed.includes(`<id>${base}people/vladimir-putin/index.xml</id>`), 'feed id');
  assert.ok(feed.includes(`href="${url}"`), 'feed entry link');
  const sitemap = readFileSync(join(site, 'sitemap.xml'), 'utf8');
  const locs = [...sitemap.matchAll(/<loc>([^<]*)<\/loc>/g)].map(m => m[1]);
  assert.ok(locs.length >= 30);
  assert.deepEqual(locs.filter(l => !l.startsWith(base)), []);
  for (const f of ['.nojekyll', '404.html', 'sw.js', 'manifest.webmanifest']) assert.ok(readdirSync(site).includes(f), f);
});

test('the 404 page works at any depth under the base path', async () => {
  const page = await browser.newPage();
  const problems = watch(page);
  const res = await page.goto(base + 'no/such/page/');
  assert.equal(res.status(), 404);
  const expected = problems.filter(p => p.includes('404') && p.includes(base + 'no/such/page/'));
  assert.equal(expected.length, 2, 'the 404 is reported once as a response, once on the console');
  problems.splice(0, problems.length, ...problems.filter(p => !expected.includes(p)));
  assert.equal(await page.locator('h1').textContent(), 'Page not found');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.skip')).position), 'absolute', 'style sheet loaded');
  await page.click('main >> text=list of briefings');
  assert.equal(page.url(), base + 'briefings/index.html');
  assert.deepEqual(problems, []);
  await page.close();
});

test('search works on the host', async () => {
  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(base + 'search/index.html?q=crimea');
  await page.waitForSelector('#results .result');
  assert.match(await page.locator('#results').textContent(), /Crimea/);
  await page.click('#results .result-title >> nth=0');
  assert.ok(page.url().startsWith(base) && page.url().endsWith('/index.html'), page.url());
  assert.deepEqual(problems, []);
  await page.close();
});

test('with the service worker, read pages, the shell and search stay readable offline', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  const briefing = base + 'briefings/2025-02-12-trump-putin-call/index.html';
  await page.goto(briefing);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Installed, before any page went through it: the shell holds the
  // images the home page shows and the hover cards' data.
  const shell = await page.evaluate(async () => (await (await caches.open('briefings-shell')).keys()).map(r => r.url));
  for (const f of ['index.html', 'assets/flags/gb.svg', 'cards/meta.js', 'cards/0.js', 'cards/1.js']) {
    assert.ok(shell.includes(base + f), `${f} is kept at install: ${JSON.stringify(shell)}`);
  }
  await page.reload(); // now controlled: this visit is saved
  assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the page is controlled by the worker');
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json());
  assert.equal(manifest.start_url, './index.html');
  assert.equal(manifest.display, 'standalone');
  assert.deepEqual(problems, []);

  await context.setOffline(true);
  const offline = await context.newPage();
  const offlineProblems = watch(offline);
  await offline.goto(briefing);
  assert.equal(await offline.locator('h1').textContent(), 'Trump and Putin discuss peace talks over Ukraine');
  assert.equal(await offline.evaluate(() => getComputedStyle(document.querySelector('.skip')).position), 'absolute', 'style sheet from the cache');
  await offline.goto(base + 'index.html');
  assert.match(await offline.locator('h1').textContent(), /Ukraine briefings/);
  // A hover card on a page never read online: its data came with the shell.
  await offline.locator('main a[href*="people/"]').first().hover();
  await offline.waitForSelector('.entity-card', { timeout: 5000 });
  await offline.goto(base + 'search/index.html?q=hegseth');
  await offline.waitForSelector('#results .result');
  assert.match(await offline.locator('#results').textContent(), /Hegseth/);
  await offline.goto(base + 'people/john-healey/index.html');
  assert.equal(await offline.locator('h1').textContent(), 'You are offline');
  offlineProblems.splice(0, offlineProblems.length, ...offlineProblems.filter(p => !p.includes('503')));
  assert.deepEqual(offlineProblems, []);
  await context.close();
});

test('offline, a page never read says so in the site\'s own frame, and search marks the results not saved', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(base + 'briefings/2025-02-12-trump-putin-call/index.html');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await context.setOffline(true);
  await page.goto(base + 'people/john-healey/index.html');
  assert.equal(await page.locator('main h1').textContent(), 'You are offline');
  assert.equal(await page.title(), 'You are offline');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.skip')).position), 'absolute', 'styled by the site\'s style sheet');
  assert.ok(await page.locator('nav[aria-label=Site]').count(), 'in the site\'s frame, with its navigation');
  await page.click('main >> text=search');
  assert.equal(page.url(), base + 'search/index.html');
  await page.locator('#q').fill('healey firepower');
  await page.waitForSelector('#results .result');
  await page.waitForSelector('#results .result-unsaved');
  const marks = await page.$$eval('#results .result', rs => rs.map(r => [r.querySelector('.result-title').textContent, !!r.querySelector('.unsaved')]));
  assert.ok(marks.some(([t, m]) => /Healey/.test(t) && m), `John Healey's page is marked as not saved: ${JSON.stringify(marks)}`);
  // Back online, the marks go.
  await context.setOffline(false);
  await page.waitForFunction(() => !document.querySelector('#results .unsaved'));
  problems.splice(0, problems.length, ...problems.filter(p => !p.includes('503')));
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Save this site for offline reading" shows its size, saves every page and asset, and then every page and search work offline', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(base + 'index.html');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  const summary = JSON.parse(readFileSync(join(site, 'offline/summary.json'), 'utf8'));
  const list = JSON.parse(readFileSync(join(site, 'offline/files.json'), 'utf8')).files.map(f => f[0]);
  const save = page.locator('#offline-save button', { hasText: 'Save this site for offline reading' });
  // The size as a reader reads it: kB under a megabyte, MB above.
  const b = summary.bytes;
  const size = b < 1e6 ? `${Math.max(1, Math.round(b / 1e3))} KB` : `${b < 1e7 ? (b / 1e6).toFixed(1) : Math.round(b / 1e6)} MB`;
  assert.equal(await save.textContent(), `Save this site for offline reading (${size})`);
  await save.click();
  await page.waitForSelector('#offline-save >> text=Saved for offline reading');
  assert.match(await page.locator('#offline-save [role=status]').textContent(), /^Saved for offline reading/);
  const cached = await page.evaluate(async () => (await (await caches.open('briefings-saved')).keys()).map(r => r.url));
  assert.deepEqual(cached.filter(u => !u.endsWith('/offline/saved.json')).map(u => decodeURIComponent(u.slice(base.length))).sort(), list.slice().sort());

  // Offline: every page listed opens with its style sheet, none is the
  // offline page, and search finds what it did online, unmarked.
  await context.setOffline(true);
  const offline = await context.newPage();
  const offlineProblems = watch(offline);
  for (const path of list.filter(p => p.endsWith('.html'))) {
    await offline.goto(base + path);
    assert.notEqual(await offline.title(), 'You are offline', path);
    assert.equal(await offline.evaluate(() => getComputedStyle(document.querySelector('.skip')).position), 'absolute', `${path}: style sheet`);
  }
  await offline.goto(base + 'search/index.html?q=healey');
  await offline.waitForSelector('#results .result');
  assert.match(await offline.locator('#results').textContent(), /Healey/);
  assert.equal(await offline.locator('#results .unsaved').count(), 0, 'no result is marked: all are saved');
  assert.match(await offline.locator('#offline-save').textContent(), /Saved for offline reading/);
  assert.deepEqual(offlineProblems, []);

  // Online again, the saved copy can be removed.
  await context.setOffline(false);
  await page.reload();
  await page.locator('#offline-save button', { hasText: 'Remove the saved copy' }).click();
  await page.waitForSelector('#offline-save >> text=Save this site for offline reading');
  assert.equal(await page.evaluate(() => caches.has('briefings-saved')), false);
  assert.deepEqual(problems, []);
  await context.close();
});
