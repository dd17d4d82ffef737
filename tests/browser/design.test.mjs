// The default theme as a reader sees it in Chromium (issue 23,
// "Publication-grade design"), measured with the DOM rather than by eye:
// prose about 60 to 75 characters a line on a desktop, a phone header of
// at most 64 px with a menu and a search field on every page, a light/dark
// toggle that remembers the choice from disk, dates that never wrap, quiet
// chips, links of each kind told apart, a light ground under images in
// the dark scheme, soft search highlights, a timeline whose counts
// agree with what it lists and a year page day by day; a briefing with no
// duplicate lede, a table of contents when long, one block of what it
// names, related reading once, the previous and next briefing, its byline
// and a print edition; flags as images; quotes that mark the mention.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { build, buildSite, launch, launchProfile, watch } from './lib.mjs';
import { pages } from './pages.mjs';

let browser, root;
before(async () => {
  root = pathToFileURL(build()).href + '/';
  browser = await launch();
});
after(() => browser?.close());

const desktop = { viewport: { width: 1280, height: 800 } };
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

// lines returns, for each paragraph matched by selector, the number of
// characters on each line it is drawn in, found by the position of every
// character.
function lines(page, selector) {
  return page.$$eval(selector, ps => ps.map(p => {
    const tops = new Map();
    const walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      for (let i = 0; i < n.length; i++) {
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        if (!r) continue;
        const top = Math.round(r.top);
        tops.set(top, (tops.get(top) || 0) + 1);
      }
    }
    return [...tops.values()];
  }));
}

test('prose runs 60 to 75 characters a line at 1280 px, and nothing is wider than a phone', async () => {
  const page = await browser.newPage(desktop);
  for (const path of [pages.briefing, pages['briefing with a callout and a chart'], pages.person, pages.page]) {
    await page.goto(root + path);
    // Every full line, that is every line of a paragraph but its last.
    const full = (await lines(page, 'main .prose > p, main .lede')).flatMap(l => l.slice(0, -1));
    assert.ok(full.length >= 3, `${path}: ${full.length} full lines measured`);
    const longest = Math.max(...full);
    const mean = full.reduce((a, b) => a + b, 0) / full.length;
    assert.ok(longest <= 80 && mean >= 55 && mean <= 75, `${path}: lines of ${full.join(', ')} characters (mean ${mean.toFixed(1)})`);
  }
  await page.close();
  const small = await browser.newPage(phone);
  for (const [name, path] of Object.entries(pages)) {
    if (name === '404') continue;
    await small.goto(root + path);
    const width = await small.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${name}: ${width} px wide at 390 px`);
  }
  await small.close();
});

test('the phone header is at most 64 px, with a menu and a search field on every page', async () => {
  const page = await browser.newPage(phone);
  for (const [name, path] of Object.entries(pages)) {
    if (name === '404') continue;
    await page.goto(root + path);
    const height = await page.locator('.site-header').evaluate(h => h.getBoundingClientRect().height);
    assert.ok(height <= 64, `${name}: the header is ${height} px high`);
    if (name !== 'search') assert.ok(await page.locator('.site-header input[type=search]').isVisible(), `${name}: a search field`);
  }
  // The menu opens on a tap and lists every section, and the search
  // field searches.
  await page.goto(root + pages.person);
  assert.equal(await page.locator('.menu a').first().isVisible(), false);
  await page.locator('.menu summary').tap();
  await page.locator('.menu a', { hasText: 'Timeline' }).tap();
  await page.waitForURL(root + 'timeline/index.html');
  await page.locator('.site-header input[type=search]').fill('ukriane');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#results .result');
  assert.match(page.url(), /search\/index\.html\?q=ukriane$/);
  assert.match(await page.locator('#results .result-title').first().textContent(), /Ukraine/);
  await page.close();
  // On a desktop the sections are in the bar and fit on one line.
  const wide = await browser.newPage(desktop);
  await wide.goto(root + pages.briefing);
  assert.equal(await wide.locator('.menu').isVisible(), false);
  const bar = await wide.locator('.site-header').evaluate(h => h.getBoundingClientRect().height);
  assert.ok(bar <= 64, `the desktop header is ${bar} px high`);
  await wide.close();
});

test('the light/dark toggle switches the scheme and remembers it from disk, with no console error', async () => {
  const context = await launchProfile({ ...desktop, colorScheme: 'light' });
  const page = await context.newPage();
  const problems = watch(page);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.goto(root + pages.briefing);
  const light = await background();
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  const dark = await background();
  assert.notEqual(dark, light);
  // Another page, from disk: still dark, drawn dark from the start.
  await page.goto(root + pages.person);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await background(), dark);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.goto(root + pages.home);
  assert.equal(await background(), light);
  await context.close();
  assert.deepEqual(problems, []);

  // Without JavaScript there is no toggle, and the page follows the system.
  const still = await browser.newContext({ ...desktop, javaScriptEnabled: false, colorScheme: 'dark' });
  const plain = await still.newPage();
  await plain.goto(root + pages.briefing);
  assert.equal(await plain.locator('.theme-toggle').count(), 0);
  assert.equal(await plain.evaluate(() => getComputedStyle(document.body).backgroundColor), dark);
  await still.close();
});

test('dates never wrap, chips are not underlined', async () => {
  const page = await browser.newPage(phone);
  for (const name of ['briefing', 'person', 'year', 'timeline', 'briefings', 'event']) {
    await page.goto(root + pages[name]);
    const wrapped = await page.$$eval('main time', ts => ts.filter(t => t.getClientRects().length > 1).map(t => t.textContent));
    assert.deepEqual(wrapped, [], `${name}: dates broken over two lines`);
    const underlined = await page.$$eval('.chips a', as => as.filter(a => getComputedStyle(a).textDecorationLine !== 'none').map(a => a.textContent));
    assert.deepEqual(underlined, [], `${name}: underlined chips`);
  }
  await page.close();
});

test('mentions, wikilinks and broken links look different from each other', async () => {
  const site = buildSite({
    'site.toml': 'title = "Desk"\n',
    'content/people/ada-lovelace.md': '+++\nname = "Ada Lovelace"\n+++\nA mathematician.\n',
    'content/people/grace-hopper.md': '+++\nname = "Grace Hopper"\n+++\nA rear admiral.\n',
    'content/briefings/2025-01-02-notes.md': '+++\ntitle = "Notes"\ndate = 2025-01-02\n+++\nAda Lovelace wrote notes; see [[Grace Hopper]] and [[Charles Babbage]].\n',
  });
  const page = await browser.newPage(desktop);
  await page.goto(pathToFileURL(site).href + '/briefings/2025-01-02-notes/index.html');
  const look = sel => page.locator(sel).first().evaluate(a => {
    const s = getComputedStyle(a);
    return `${s.color} ${s.textDecorationLine} ${s.textDecorationStyle} ${s.textDecorationColor}`;
  });
  const mention = await look('.prose a.mention');
  const wikilink = await look('.prose a.wikilink');
  const broken = await look('.prose .broken-link');
  assert.equal(new Set([mention, wikilink, broken]).size, 3, `mention ${mention}; wikilink ${wikilink}; broken ${broken}`);
  await page.close();
});

// luminance is the relative luminance of a CSS rgb() colour (WCAG).
function luminance(css) {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map(c => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test('in the dark scheme images in prose sit on a light ground, and search marks are not glaring', async () => {
  const page = await browser.newPage({ ...desktop, colorScheme: 'dark' });
  await page.goto(root + pages['briefing with a callout and a chart']);
  const ground = await page.locator('main .prose img').first().evaluate(i => getComputedStyle(i).backgroundColor);
  assert.ok(luminance(ground) > 0.8, `the chart's ground is ${ground}`);
  await page.goto(root + 'search/index.html?q=nato');
  await page.waitForSelector('#results mark');
  const mark = await page.locator('#results mark').first().evaluate(m => [getComputedStyle(m).backgroundColor, getComputedStyle(m).color]);
  assert.ok(luminance(mark[0]) < 0.2, `a search mark is ${mark[0]} in the dark`);
  assert.ok((luminance(mark[1]) + 0.05) / (luminance(mark[0]) + 0.05) >= 4.5, `marked text ${mark[1]} on ${mark[0]}`);
  await page.close();
});

test('the timeline counts what it lists, and a year page lists its briefings and events', async () => {
  const page = await browser.newPage(desktop);
  await page.goto(root + pages.timeline);
  const years = await page.$$eval('main section', ss => ss.map(s => ({
    year: s.querySelector('h2').textContent.trim(),
    link: s.querySelector('h2 a').href,
    says: s.querySelector('p.count').textContent,
    events: s.querySelectorAll('.timeline li').length,
  })));
  assert.ok(years.length >= 3);
  for (const y of years) {
    const events = +(y.says.match(/(\d+) events?/)?.[1] ?? 0);
    assert.equal(events, y.events, `${y.year}: "${y.says}" lists ${y.events} events`);
    const briefings = +(y.says.match(/(\d+) briefings?/)?.[1] ?? 0);
    const all = +(y.year.match(/(\d+) entr/)?.[1]);
    assert.equal(all, events + briefings, `${y.year}: "${y.says}"`);
    await page.goto(y.link);
    const listed = await page.$$eval('main .timeline .item', ls => ls.length);
    assert.equal(listed, all, `${y.year}: its page lists ${listed} entries, the timeline says ${all}`);
    await page.goto(root + pages.timeline);
  }
  await page.close();
});

test('a year page lists each day once, with its events and briefings under it', async () => {
  const page = await browser.newPage(desktop);
  await page.goto(root + pages.year);
  const days = await page.$$eval('main .timeline .day', ds => ds.map(d => d.textContent.trim()));
  assert.ok(days.length >= 1);
  assert.equal(new Set(days).size, days.length, `days: ${days.join(', ')}`);
  const summaries = await page.$$eval('main .timeline .item.briefing .summary', ps => ps.length);
  assert.ok(summaries >= 4, `${summaries} briefings shown with their summary`);
  await page.close();
});

test('a briefing: no duplicate lede, one block of what it names, related reading once, previous and next', async () => {
  const page = await browser.newPage(desktop);
  const briefings = Object.entries(pages).filter(([k]) => k.startsWith('briefing ') || k === 'briefing').map(([, p]) => p);
  for (const path of briefings) {
    await page.goto(root + path);
    const { lede, first, h2s, metas, related } = await page.evaluate(() => ({
      lede: document.querySelector('.lede')?.textContent.trim(),
      first: document.querySelector('.prose > p')?.textContent.trim(),
      h2s: [...document.querySelectorAll('.briefing-footer h2')].map(h => h.textContent.trim()),
      metas: document.querySelectorAll('.briefing-footer dl.briefing-meta').length,
      related: [...document.querySelectorAll('.briefing-footer .related a.item-title')].map(a => a.href),
    }));
    assert.notEqual(lede, first, `${path}: the lede is the first paragraph again`);
    assert.equal(metas, 1, `${path}: one block of people, countries, events and tags`);
    assert.ok(!h2s.some(h => /^(People|Countries|Events|Tags|Linked from)$/.test(h)), `${path}: footer headings ${h2s.join(', ')}`);
    assert.equal(new Set(related).size, related.length, `${path}: a briefing listed twice in related reading`);
  }
  // Previous and next walk every briefing, oldest to newest and back.
  await page.goto(root + 'briefings/index.html');
  const all = await page.$$eval('main .items a.item-title', as => as.map(a => a.href));
  await page.goto(all.at(-1));
  const walked = [page.url()];
  while (await page.locator('.prev-next a[rel=next]').count()) {
    await page.locator('.prev-next a[rel=next]').click();
    walked.push(page.url());
  }
  assert.deepEqual(walked, all.slice().reverse());
  assert.equal(await page.locator('.prev-next a[rel=prev]').count(), 1);
  await page.close();

  // A briefing without a summary shows no lede; a long one has a table
  // of contents whose links reach its headings; the byline and the
  // updated line come from the front matter.
  const site = buildSite({
    'site.toml': 'title = "Desk"\nbase_url = "https://desk.example.org/"\n',
    'content/briefings/2025-01-02-long.md': '+++\ntitle = "Long"\ndate = 2025-01-02\nauthors = ["Jane Roe"]\nupdated = 2025-01-03\n+++\nThe opening paragraph.\n\n## First part\n\nText.\n\n### A detail\n\nText.\n\n## Second part\n\nText.\n',
    'content/briefings/2025-01-01-short.md': '+++\ntitle = "Short"\ndate = 2025-01-01\nsummary = "A summary."\n+++\nOnly a paragraph.\n\n## One heading\n',
  });
  const p2 = await browser.newPage(desktop);
  await p2.goto(pathToFileURL(site).href + '/briefings/2025-01-02-long/index.html');
  assert.equal(await p2.locator('.lede').count(), 0, 'no lede without a summary');
  assert.equal(await p2.locator('.prose p').first().textContent(), 'The opening paragraph.');
  const toc = await p2.$$eval('nav.toc a', as => as.map(a => [a.textContent, !!document.getElementById(a.hash.slice(1))]));
  assert.deepEqual(toc, [['First part', true], ['A detail', true], ['Second part', true]]);
  assert.match(await p2.locator('.byline').textContent(), /By Jane Roe · Updated 3 January 2025/);
  assert.match(await p2.locator('.prev-next a[rel=prev]').textContent(), /Short/);
  await p2.goto(pathToFileURL(site).href + '/briefings/2025-01-01-short/index.html');
  assert.equal(await p2.locator('nav.toc').count(), 0, 'no contents for a short briefing');
  assert.equal(await p2.locator('.lede').textContent(), 'A summary.');

  // The print edition: the site's name, the permalink and the day printed.
  await p2.goto(pathToFileURL(site).href + '/briefings/2025-01-02-long/index.html');
  assert.equal(await p2.locator('.print-edition').isVisible(), false, 'the print line is not on screen');
  await p2.emulateMedia({ media: 'print' });
  const line = await p2.locator('.print-edition').textContent();
  const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  assert.equal(line, `Desk · https://desk.example.org/briefings/2025-01-02-long/ · Printed ${today}`);
  assert.ok(await p2.locator('.print-edition').isVisible());
  assert.equal(await p2.locator('nav.toc').isVisible(), false, 'no contents in print');
  await p2.close();
});

test('countries carry flag images made for the web, from disk, or their code; no flag emoji', async () => {
  const page = await browser.newPage(desktop);
  for (const name of ['briefing', 'country', 'home', 'person']) {
    await page.goto(root + pages[name]);
    const flags = await page.$$eval('main img.flag', is => is.map(i => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0, alt: i.alt })));
    assert.ok(flags.length >= 1, `${name}: no flag`);
    for (const f of flags) assert.ok(f.ok && f.alt === '' && /assets\/flags\/[a-z]{2}\.svg$/.test(f.src), `${name}: ${JSON.stringify(f)}`);
    const emoji = await page.evaluate(() => /[\u{1F1E6}-\u{1F1FF}]/u.test(document.querySelector('main').innerText));
    assert.equal(emoji, false, `${name}: a flag emoji`);
  }
  await page.close();
  const site = buildSite({
    'site.toml': 'title = "Desk"\n',
    'content/countries/atlantis.md': '+++\nname = "Atlantis"\ncode = "QZ"\n+++\nNo flag of its own.\n',
    'content/briefings/2025-01-02-notes.md': '+++\ntitle = "Notes"\ndate = 2025-01-02\ncountries = ["Atlantis"]\n+++\nAtlantis rose.\n',
  });
  const p2 = await browser.newPage(desktop);
  await p2.goto(pathToFileURL(site).href + '/briefings/2025-01-02-notes/index.html');
  assert.equal(await p2.locator('.briefing-meta a:has-text("Atlantis") .flag-code').textContent(), 'QZ');
  await p2.close();
});

test('an entity page marks the mention in each quoted sentence, and an event lists those taking part once', async () => {
  const page = await browser.newPage(desktop);
  await page.goto(root + pages.person);
  const quotes = await page.$$eval('main .context', qs => qs.map(q => q.querySelector('mark')?.textContent));
  assert.ok(quotes.length >= 2);
  for (const m of quotes) assert.match(m ?? '(none)', /Trump/, `a quote marks ${m}`);
  await page.goto(root + pages.event);
  const names = await page.$$eval('main header .facts a, main .participants a', as => as.map(a => a.textContent.trim()));
  assert.ok(names.length >= 3, `taking part: ${names.join(', ')}`);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  assert.deepEqual(twice, [], 'listed twice on the event page');
  await page.close();
});
