// Graded sources and provenance as a reader meets them (issue 25), at
// phone and desktop width, light and dark: a grade chip opens the
// grading scale without JavaScript; a source graded only by its
// outlet's usual reliability says so; a correction stands at the top of
// its briefing; the byline, "Updated", the day a source was read and its
// archived copy show; printed, the grades stay beside their sources with
// the scale in words below. An outlet's page explains the grades its
// sources were given with the same scale.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { build, buildSite, launch } from './lib.mjs';

let browser, demo, own;
before(async () => {
  demo = pathToFileURL(build()).href + '/';
  // A site of its own for what the demo site cannot show from its
  // article: authors, an update and an archived copy.
  own = pathToFileURL(buildSite({
    'site.toml': 'title = "Desk"\nbase_url = "https://example.org/"\n',
    'content/people/jane-roe.md': '+++\nname = "Jane Roe"\n+++\nAn editor.\n',
    'content/outlets/upi.md': '+++\nname = "United Press International"\naliases = ["UPI"]\nreliability = "B"\n+++\n',
    'content/briefings/2025-02-12-call.md': `+++
title = "The call"
date = 2025-02-12
authors = ["Jane Roe", "Sam Writer"]
updated = 2025-02-13
[[sources]]
title = "UPI: the call"
url = "https://www.upi.com/call"
outlet = "UPI"
credibility = 2
accessed = 2025-02-12
archive = "https://web.archive.org/web/2025/https://www.upi.com/call"
+++
Body.
`,
  }, '--base-url', 'https://example.org/')).href + '/';
  browser = await launch();
});
after(() => browser?.close());

const visible = (page, sel) => page.locator(sel).first().evaluate(e => {
  const r = e.getBoundingClientRect();
  return e.getClientRects().length > 0 && r.bottom > 0 && r.top < innerHeight;
});

for (const scheme of ['light', 'dark']) {
  for (const [width, height, phone] of [[1280, 800, false], [390, 844, true]]) {
    const at = `${width} px, ${scheme}`;
    const open = async () => {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, isMobile: phone, hasTouch: phone, javaScriptEnabled: false });
      return [context, await context.newPage()];
    };

    test(`a grade chip opens the grading scale, without JavaScript (${at})`, async () => {
      const [context, page] = await open();
      await page.goto(demo + 'briefings/2025-02-12-uk-firepower-package/index.html');
      const chip = page.locator('.sources a.grade').first();
      assert.equal(await chip.textContent(), 'Grade B2', 'a screen reader hears "Grade B2"');
      assert.match(await chip.getAttribute('title'), /^B2: usually reliable source, information probably true/);
      assert.equal(await page.locator('#grading').evaluate(d => d.open), false, 'the scale starts closed');
      if (phone) await chip.tap(); else await chip.click();
      await page.waitForFunction(() => document.getElementById('grading').open, null, { timeout: 5000 });
      assert.ok(await visible(page, '#grading summary'), 'the scale\'s summary is in view');
      assert.ok(await visible(page, '#grading caption'), 'the scale is in view');
      assert.match(await page.locator('#grading').innerText(), /B\s+Usually reliable[\s\S]*2\s+Probably true/);
      await context.close();
    });

    test(`the keyboard opens the scale from a chip too (${at})`, async () => {
      const [context, page] = await open();
      await page.goto(demo + 'briefings/2025-02-12-uk-firepower-package/index.html');
      await page.locator('.sources a.grade').first().focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('grading').open, null, { timeout: 5000 });
      await context.close();
    });

    test(`a source without a grade shows its outlet's, as such (${at})`, async () => {
      const [context, page] = await open();
      await page.goto(demo + 'briefings/2025-02-12-ukraine-nato-path-context/index.html');
      const source = page.locator('.source-list li').first();
      await source.scrollIntoViewIfNeeded();
      const text = (await source.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /^Grade B UPI, 12 February 2025: background on Ukraine, NATO and the invasion, United Press International \(graded B, the outlet’s usual reliability\)/);
      assert.ok(await visible(page, '.source-list .grade-note'));
      await context.close();
    });

    test(`a correction stands above the body of its briefing (${at})`, async () => {
      const [context, page] = await open();
      await page.goto(demo + 'briefings/2025-02-12-uk-firepower-package/index.html');
      assert.ok(await visible(page, '#corrections'), 'the correction is seen on opening the page');
      assert.match(await page.locator('#corrections').innerText(), /Corrected 13 February 2025: An earlier version gave \$5\.6 billion/);
      const above = await page.evaluate(() => {
        const c = document.getElementById('corrections'), body = document.querySelector('main .prose');
        return !!body && !!(c.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert.ok(above, 'the correction comes before the body');
      await page.goto(demo + 'corrections/index.html');
      assert.match(await page.locator('main').innerText(), /Corrected 13 February 2025[\s\S]*Britain unveils a new “firepower” package for Ukraine/);
      await context.close();
    });

    test(`the byline, the update, the day read and the archived copy show (${at})`, async () => {
      const [context, page] = await open();
      await page.goto(own + 'briefings/2025-02-12-call/index.html');
      assert.ok(await visible(page, '.byline'), 'the byline is under the title');
      assert.equal(await page.locator('.byline').innerText(), 'By Jane Roe and Sam Writer · Updated 13 February 2025');
      assert.match(await page.locator('.byline a[rel=author]').getAttribute('href'), /people\/jane-roe\/index\.html$/);
      const source = (await page.locator('.source-list li').first().innerText()).replace(/\s+/g, ' ');
      assert.match(source, /^Grade B2 UPI: the call, United Press International \(graded B, the outlet’s usual reliability\), accessed 12 February 2025 \(archived copy\)/);
      assert.equal(await page.locator('.source-list a.archive').getAttribute('href'), 'https://web.archive.org/web/2025/https://www.upi.com/call');
      await context.close();
    });
  }
}

test('on an outlet\'s page, a grade given to its sources opens the scale too', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(demo + 'outlets/upi/index.html');
  const chip = page.locator('.grades a.grade', { hasText: 'B2' });
  assert.match(await chip.getAttribute('title'), /^B2: usually reliable source, information probably true$/);
  await chip.tap();
  await page.waitForFunction(() => document.getElementById('grading').open, null, { timeout: 5000 });
  assert.ok(await visible(page, '#grading caption'), 'the scale is in view');
  await context.close();
});

test('printed, each grade stays beside its source and the scale is written out', async () => {
  const page = await browser.newPage({ viewport: { width: 700, height: 900 } });
  await page.goto(demo + 'briefings/2025-02-12-uk-firepower-package/index.html');
  await page.emulateMedia({ media: 'print' });
  const look = await page.evaluate(() => [...document.querySelectorAll('.source-list li')].map(li => {
    const chip = li.querySelector('.grade'), link = li.querySelector('a:not(.grade)');
    const c = chip.getBoundingClientRect(), l = link.getBoundingClientRect();
    return { grade: chip.textContent, shown: chip.getClientRects().length > 0, sameLine: Math.abs(c.top - l.top) < c.height, before: c.right <= l.left + 1 };
  }));
  assert.ok(look.length > 0);
  for (const g of look) assert.ok(g.shown && g.sameLine && g.before, `grade ${g.grade} beside its source: ${JSON.stringify(g)}`);
  assert.equal(await page.locator('#grading').evaluate(e => e.getClientRects().length), 0, 'the scale to click is not printed');
  assert.match(await page.locator('.grading-print').innerText(), /A completely reliable, B usually reliable.*1 confirmed by other sources, 2 probably true/);
  await page.close();
});
