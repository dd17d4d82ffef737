// Hover cards, from disk (file://): a link to a person, country or event
// shows a card on hover, on keyboard focus and, on a phone, on the first
// tap; the card is reachable and dismissible from the keyboard, described
// to screen readers, and a page loads only the card data it needs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { build, buildSite, launch, watch } from './lib.mjs';

let browser, root;
before(async () => {
  root = pathToFileURL(build()).href + '/';
  browser = await launch();
});
after(() => browser?.close());

const briefing = 'briefings/2025-02-12-trump-putin-call/index.html';

// card returns what the open card shows, or null.
async function card(page) {
  return page.evaluate(() => {
    const c = document.querySelector('.entity-card');
    if (!c) return null;
    const r = c.getBoundingClientRect();
    return {
      text: c.innerText, label: c.getAttribute('aria-label'), role: c.getAttribute('role'),
      links: [...c.querySelectorAll('a')].map(a => ({ text: a.textContent, href: a.href, tabIndex: a.tabIndex })),
      box: { left: r.left, right: r.right, top: r.top, bottom: r.bottom }, width: innerWidth, height: innerHeight,
      afterLink: c.previousElementSibling && c.previousElementSibling.tagName === 'A' ? c.previousElementSibling.textContent : null,
    };
  });
}

test('hovering a link to a person shows a card: role, summary, count, latest briefings; it stays while the pointer is on it', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = watch(page);
  await page.goto(root + briefing);
  const trump = page.locator('main .prose a', { hasText: 'Donald Trump' }).first();
  await trump.hover();
  await page.waitForSelector('.entity-card');
  const c = await card(page);
  assert.equal(c.label, 'Donald Trump');
  assert.equal(c.afterLink, 'Donald Trump', 'the card comes right after its link');
  assert.match(c.text, /Person · President of the United States/);
  assert.match(c.text, /Donald Trump leads the United States/);
  assert.match(c.text, /Named in 3 briefings: this one and/);
  // The two other briefings, not this page; and the entity page.
  assert.deepEqual(c.links.map(l => l.href.replace(root, '')), ['people/donald-trump/index.html',
    'briefings/2025-02-12-hegseth-contact-group-brussels/index.html', 'briefings/2025-02-12-ukraine-nato-path-context/index.html']);
  assert.ok(c.box.left >= 0 && c.box.right <= c.width && c.box.top >= 0 && c.box.bottom <= c.height, `card inside the window: ${JSON.stringify(c.box)}`);

  // The pointer can travel onto the card, and the card stays.
  await page.mouse.move((c.box.left + c.box.right) / 2, c.box.top + 20, { steps: 5 });
  await page.waitForTimeout(600);
  assert.ok(await card(page), 'the card closed as the pointer moved onto it');
  // Away from both, it closes.
  await page.mouse.move(5, 790, { steps: 5 });
  await page.waitForSelector('.entity-card', { state: 'detached' });

  // Countries and events too, and the chips at the foot of the page.
  await page.locator('main .prose a', { hasText: 'Ukraine' }).first().hover();
  await page.waitForSelector('.entity-card');
  // The demo marks its notes TLP:CLEAR (issue 24): the card says so.
  assert.match((await card(page)).text, /^\s*Ukraine\s+TLP:CLEAR\s+Country · Capital: Kyiv/);
  // The flag is the image of the site's flags, loaded from disk (issue 23).
  const flag = await page.locator('.entity-card img.flag').evaluate(i => ({ src: i.src, ok: i.complete && i.naturalWidth > 0, alt: i.alt }));
  assert.ok(flag.ok && flag.alt === '' && flag.src.endsWith('/assets/flags/ua.svg'), JSON.stringify(flag));
  await page.mouse.move(5, 790);
  await page.waitForSelector('.entity-card', { state: 'detached' });
  await page.locator('main .prose a', { hasText: 'invasion' }).first().hover();
  await page.waitForSelector('.entity-card');
  assert.match((await card(page)).text, /Event · 24 February 2022/);
  await page.mouse.move(5, 790);
  await page.waitForSelector('.entity-card', { state: 'detached' });
  const chip = page.locator('main .chips a', { hasText: 'Vladimir Putin' }).first();
  await chip.scrollIntoViewIfNeeded();
  await chip.hover();
  await page.waitForSelector('.entity-card');
  assert.equal((await card(page)).label, 'Vladimir Putin');

  // A link to a briefing has no card.
  await page.mouse.move(5, 5);
  await page.waitForSelector('.entity-card', { state: 'detached' });
  const other = page.locator('main .prose a', { hasText: 'NATO membership is not' }).first();
  await other.hover();
  await page.waitForTimeout(700);
  assert.equal(await card(page), null, 'a briefing link shows no card');
  assert.deepEqual(problems, []);
  await page.close();
});

test('focus shows the card, described to screen readers; ↓ enters it, Escape closes it, Tab goes past it', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = watch(page);
  await page.goto(root + briefing);
  // Tab from the top of the page to the first link to a person.
  let focused = null;
  for (let i = 0; i < 40 && !focused; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => /\/people\/[^/]+\/index\.html$/.test(document.activeElement.href || '') ? document.activeElement.textContent : null);
  }
  assert.equal(focused, 'Donald Trump');
  await page.waitForSelector('.entity-card');
  const c = await card(page);
  assert.equal(c.role, 'group');
  assert.equal(c.label, 'Donald Trump');
  assert.ok(c.links.every(l => l.tabIndex === -1), 'the card adds no Tab stops');
  const described = await page.evaluate(() => {
    const a = document.activeElement;
    return (a.getAttribute('aria-describedby') || '').split(/\s+/).map(id => document.getElementById(id)?.textContent).join(' ');
  });
  assert.match(described, /Person · President of the United States.*Donald Trump leads the United States.*Named in 3 briefings/);
  assert.ok(await page.locator('.entity-card-hint').isVisible(), 'the keyboard hint shows');

  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.closest('.entity-card') && document.activeElement.textContent), 'Donald Trump');
  await page.keyboard.press('ArrowDown');
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Hegseth tells Ukraine/);
  await page.keyboard.press('Escape');
  assert.equal(await card(page), null, 'Escape closes the card');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Donald Trump', 'focus is back on the link');
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('aria-describedby')), false, 'the description goes with the card');

  // Tab moves on to the next link of the page, not into the card.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Vladimir Putin');
  await page.waitForSelector('.entity-card[aria-label="Vladimir Putin"]');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => !!document.activeElement.closest('.entity-card')), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test('on a phone, the first tap shows the card inside the screen, a second tap follows the link', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(root + briefing);
  const putin = page.locator('main .prose a', { hasText: 'Vladimir Putin' }).first();
  await putin.tap();
  await page.waitForSelector('.entity-card');
  assert.equal(page.url(), root + briefing, 'the first tap stays on the page');
  const c = await card(page);
  assert.equal(c.label, 'Vladimir Putin');
  assert.ok(c.box.left >= 0 && c.box.right <= 390, `card inside the screen: ${JSON.stringify(c.box)}`);
  assert.ok(await page.locator('.entity-card-close').isVisible(), 'a close button for fingers');
  // A tap elsewhere closes it.
  await page.locator('h1').tap();
  await page.waitForSelector('.entity-card', { state: 'detached' });
  // Tap, then tap again: the link is followed.
  await putin.tap();
  await page.waitForSelector('.entity-card');
  await Promise.all([page.waitForURL(root + 'people/vladimir-putin/index.html'), putin.tap()]);
  // The name in a card is a link too.
  await page.goBack();
  await page.locator('main .prose a', { hasText: 'Donald Trump' }).first().tap();
  await page.waitForSelector('.entity-card');
  await Promise.all([page.waitForURL(root + 'people/donald-trump/index.html'), page.locator('.entity-card-name a').tap()]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a page loads the card shards of its own links only, and keys beyond ASCII hash alike in Go and JavaScript', async () => {
  const files = { 'site.toml': 'title = "Cards"\nbase_url = "https://example.org/"\n' };
  for (let i = 0; i < 300; i++) {
    files[`content/people/p${i}.md`] = `+++\nname = "Person ${i}"\nrole = "Minister of things number ${i}"\n+++\nPerson ${i} is a minister of several things, all of them important.\n`;
  }
  files['content/people/володимир-зеленський.md'] = '+++\nname = "Володимир Зеленський"\nrole = "President of Ukraine"\n+++\nThe President of Ukraine.\n';
  files['content/briefings/a.md'] = '+++\ntitle = "A"\ndate = 2025-02-12\n+++\n[[Person 7]] met [[Володимир Зеленський]].\n';
  const site = pathToFileURL(buildSite(files)).href + '/';
  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(site + 'briefings/a/index.html');
  await page.waitForTimeout(500); // the shards of the page's links load when it is idle
  const loaded = await page.evaluate(() => [...document.querySelectorAll('script[src*="/cards/"]')].map(s => s.src.replace(/^.*\/cards\//, '')));
  assert.ok(loaded.includes('meta.js'), `meta.js loaded: ${loaded}`);
  const shards = loaded.filter(f => f !== 'meta.js');
  assert.ok(shards.length >= 1 && shards.length <= 2, `the shards of the two links, not the others: ${loaded}`);
  await page.locator('main a', { hasText: 'Володимир Зеленський' }).first().hover();
  await page.waitForSelector('.entity-card');
  assert.match((await card(page)).text, /President of Ukraine/);
  const after = await page.evaluate(() => document.querySelectorAll('script[src*="/cards/"]').length);
  assert.equal(after, loaded.length, 'the hovered card was among the shards already loaded');
  assert.deepEqual(problems, []);
  await page.close();
});
