// The demo site opened straight from disk (file://), with no server and
// no network: every page reached by clicking, every asset loaded, links
// relative, search working, and navigation without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { build, launch, launchProfile, crawl, watch } from './lib.mjs';

let browser, site, root;
before(async () => {
  site = build();
  root = pathToFileURL(site).href + '/';
  browser = await launch();
});
after(() => browser?.close());

test('every page linked from the home page opens from disk, with its assets, and no console error', async () => {
  const { visited, problems } = await crawl(browser, root + 'index.html', root, { relative: true });
  const folders = visited.filter(u => !u.endsWith('.html'));
  assert.deepEqual(folders, [], 'links that open a folder, not a page');
  assert.ok(visited.length >= 30, `only ${visited.length} pages reached`);
  for (const want of ['search/index.html', 'timeline/2022/index.html', 'tags/drones/index.html', 'about/index.html', 'briefings/2025-02-12-uk-firepower-package/index.html']) {
    assert.ok(visited.includes(root + want), `${want} is not reached by clicking`);
  }
  assert.deepEqual(problems, []);
});

test('in a browser profile of its own, pages from disk log no console error', async () => {
  // A normal profile logs what a test context does not: the manifest,
  // refused from file://, was an error on every page.
  const context = await launchProfile();
  const page = await context.newPage();
  const problems = watch(page);
  for (const path of ['index.html', 'briefings/2025-02-12-uk-firepower-package/index.html', 'people/vladimir-putin/index.html',
    'countries/ukraine/index.html', 'search/index.html?q=ukraine']) {
    await page.goto(root + path, { waitUntil: 'load' });
    await page.waitForTimeout(300); // the manifest error came after load
  }
  await context.close();
  assert.deepEqual(problems, []);
});

test('navigation needs no JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(root + 'index.html');
  await page.click('nav[aria-label=Site] >> text=People');
  assert.equal(page.url(), root + 'people/index.html');
  await page.click('main a[href*="vladimir-putin"]');
  assert.equal(page.url(), root + 'people/vladimir-putin/index.html');
  await page.click('main .backlinks a.item-title >> nth=0');
  assert.match(page.url(), /briefings\/[^/]+\/index\.html$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('search works from disk: results with date, snippet and chips, keyboard to the first result', async () => {
  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(root + 'index.html');
  await page.click('nav[aria-label=Site] >> text=Search');
  await page.locator('#q').pressSequentially('hegseth nato');
  await page.waitForSelector('#results .result');
  const first = page.locator('#results .result').first();
  assert.match(await first.locator('.result-title').textContent(), /Hegseth/);
  assert.match(await page.locator('#search-status').textContent(), /results? for “hegseth nato”/);
  const briefing = page.locator('#results .result', { has: page.locator('time') }).first();
  assert.ok(await briefing.locator('.summary mark').count() > 0, 'the snippet marks the words searched');
  assert.ok(await briefing.locator('.chips a').count() > 0, 'a briefing result shows its entity chips');
  // Keyboard: arrow down from the box to the first result, Enter opens it.
  await page.locator('#q').press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement.className);
  assert.equal(focused, 'result-title');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /index\.html$/);
  assert.ok(!page.url().includes('/search/'), 'Enter opened the result');
  assert.deepEqual(problems, []);
  await page.close();
});

test('search finds an alias, a tag and words of a body, and says when nothing matches', async () => {
  const page = await browser.newPage();
  const problems = watch(page);
  for (const [query, want] of [['drones', /firepower/i], ['crimea', /Crimea/], ['healey', /Healey/], ['xyzzy', null]]) {
    await page.goto(root + 'search/index.html?q=' + encodeURIComponent(query));
    const status = page.locator('#search-status');
    await page.waitForFunction(() => /result/.test(document.getElementById('search-status').textContent));
    if (want) {
      assert.match(await page.locator('#results').textContent(), want, query);
    } else {
      assert.equal(await status.textContent(), 'No results for “xyzzy”.');
    }
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('search reads a misspelt word as the words nearest to it, and says so', async () => {
  const page = await browser.newPage();
  const problems = watch(page);
  const run = async query => {
    await page.goto(root + 'search/index.html?q=' + encodeURIComponent(query));
    await page.waitForFunction(() => /result/.test(document.getElementById('search-status').textContent));
    return {
      status: await page.locator('#search-status').textContent(),
      titles: await page.locator('#results .result-title').allTextContents(),
      marks: await page.locator('#results mark').count(),
    };
  };
  for (const [query, meant, read] of [
    ['ukriane', 'ukraine', '“ukraine” for “ukriane”'],              // two letters swapped
    ['hegsethh', 'hegseth', '“hegseth” for “hegsethh”'],            // a letter added
    ['trump putn', 'trump putin', '“putin” for “putn”'],            // one left out, in the second word
    ['anexatoin', 'annexation', '“annexation” for “anexatoin”'],    // two typos in a word of ten letters
    ['kuraine', 'ukraine', '“ukraine” for “kuraine”'],              // the first two letters swapped
    ['ukraine hesge', 'ukraine hegseth', '“hegseth” for “hesge”'],  // a word still being typed, a typo in it
    ['pete hgeseht', 'pete hegseth', '“hegseth” for “hgeseht”'],   // two typos in a word of seven: too many
  ]) {
    const got = await run(query), want = await run(meant);
    if (query === 'pete hgeseht') {
      assert.equal(got.titles.length, 0, query);
      continue;
    }
    assert.ok(got.status.includes(read), `${query}: status ${JSON.stringify(got.status)} does not say ${read}`);
    assert.ok(want.titles.length > 0, meant);
    // The same results; their order may differ, as a corrected word
    // counts for less than one typed right.
    assert.deepEqual(got.titles.toSorted(), want.titles.toSorted(), `${query} finds what ${meant} finds`);
    assert.ok(got.marks > 0, `${query}: the words read are marked`);
  }
  assert.match((await run('ukriane')).titles.join('|'), /\bUkraine\b/);
  assert.match((await run('hegsethh')).titles[0], /Hegseth/);
  // A word that is found is not corrected, and a short one never is.
  for (const query of ['nato', 'xyz']) assert.ok(!(await run(query)).status.includes('reading'), query);
  assert.deepEqual(problems, []);
  await page.close();
});
