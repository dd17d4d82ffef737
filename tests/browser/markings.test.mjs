// Markings (issue 24): a page that shows marked content carries the
// highest label present at its top and at its bottom, right-aligned, in
// FIRST's colours and wording, on screen at phone and desktop width, in
// the light and the dark scheme, and on every printed page (read back
// from the PDF with pdftotext: top and bottom of each page, right side,
// 12 pt or more); each marked item of a list and each search result
// shows its own label; a site that never uses markings shows none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSite, launch, watch } from './lib.mjs';

const body = n => Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} of the assessment: the convoy moved at night and the depots were resupplied before the talks.`).join('\n\n');
const files = {
  'site.toml': 'title = "Desk"\nbase_url = "https://desk.example.org/"\ndefault_tlp = "CLEAR"\n',
  'content/people/olena-kovalenko.md': '+++\nname = "Olena Kovalenko"\ntlp = "GREEN"\n+++\nAnalyst of the community desk.\n',
  'content/briefings/2025-02-10-clear.md': '+++\ntitle = "Open note on the talks"\ndate = 2025-02-10\n+++\nOpen note.\n',
  'content/briefings/2025-02-11-amber.md': `+++\ntitle = "Partner assessment of the convoy"\ndate = 2025-02-11\ntlp = "AMBER"\npeople = ["Olena Kovalenko"]\n+++\n${body(60)}\n`,
  'content/briefings/2025-02-12-strict.md': '+++\ntitle = "Internal ledger"\ndate = 2025-02-12\ntlp = "AMBER+STRICT"\n+++\nInternal.\n',
};

// FIRST TLP 2.0: each label in its colour on black.
const amber = { text: 'TLP:AMBER', color: 'rgb(255, 192, 0)', background: 'rgb(0, 0, 0)' };
const green = { text: 'TLP:GREEN', color: 'rgb(51, 255, 0)', background: 'rgb(0, 0, 0)' };

let browser, root, plain;
before(async () => {
  root = pathToFileURL(buildSite(files, '--audience', 'amber')).href + '/';
  plain = pathToFileURL(buildSite({
    'site.toml': 'title = "Plain"\nbase_url = "https://plain.example.org/"\n',
    'content/briefings/2025-02-10-a.md': '+++\ntitle = "A"\ndate = 2025-02-10\n+++\nA.\n',
  })).href + '/';
  browser = await launch();
});
after(() => browser?.close());

// banners reads the page's banners: their text, colours, alignment and
// place.
function banners(page) {
  return page.evaluate(() => [...document.querySelectorAll('.marking')].map(a => {
    const p = a.querySelector('p'), s = getComputedStyle(p), r = p.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(p);
    const text = range.getBoundingClientRect();
    return {
      where: a.classList.contains('marking-top') ? 'top' : 'bottom',
      text: p.textContent, color: s.color, background: s.backgroundColor, align: s.textAlign,
      shown: a.getClientRects().length > 0,
      // The label's right edge, against the banner's.
      rightGap: r.right - parseFloat(s.paddingRight) - text.right,
      first: a === document.body.firstElementChild, last: a === document.body.lastElementChild,
      label: a.getAttribute('aria-label'),
    };
  }));
}

for (const [width, height] of [[390, 844], [1280, 900]]) {
  for (const scheme of ['light', 'dark']) {
    test(`banners at top and bottom, ${width}px, ${scheme}`, async () => {
      const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
      const problems = watch(page);
      for (const [path, want] of [['briefings/2025-02-11-amber/index.html', amber], ['people/olena-kovalenko/index.html', amber], ['briefings/2025-02-10-clear/index.html', { text: 'TLP:CLEAR', color: 'rgb(255, 255, 255)', background: 'rgb(0, 0, 0)' }]]) {
        await page.goto(root + path);
        const got = await banners(page);
        assert.equal(got.length, 2, `${path}: two banners`);
        const [top, bottom] = got;
        assert.equal(top.where, 'top');
        assert.ok(top.first, `${path}: the top banner is the page's first element`);
        assert.equal(bottom.where, 'bottom');
        assert.ok(bottom.last, `${path}: the bottom banner is the page's last element`);
        for (const b of got) {
          assert.ok(b.shown, `${path}: the ${b.where} banner is shown`);
          assert.equal(b.text, want.text);
          assert.equal(b.color, want.color, `${path}: ${b.where} banner's colour`);
          assert.equal(b.background, want.background);
          assert.equal(b.align, 'right');
          assert.ok(Math.abs(b.rightGap) < 2, `${path}: the label sits at the right (${b.rightGap}px off)`);
        }
        assert.notEqual(top.label, bottom.label, 'the two landmarks have names of their own');
      }
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
}

test('each item of a list shows its own label; the page the highest', async () => {
  const page = await browser.newPage();
  await page.goto(root + 'briefings/index.html');
  const items = await page.evaluate(() => [...document.querySelectorAll('.items .item')].map(li => {
    const l = li.querySelector('.marking-label');
    return [li.querySelector('.item-title').textContent, l && l.textContent, l && getComputedStyle(l).color];
  }));
  assert.deepEqual(items, [['Partner assessment of the convoy', 'TLP:AMBER', amber.color], ['Open note on the talks', 'TLP:CLEAR', 'rgb(255, 255, 255)']]);
  assert.equal((await banners(page))[0].text, 'TLP:AMBER', 'a list carries the highest label it shows');
  await page.goto(root + 'people/index.html');
  const terms = await page.evaluate(() => [...document.querySelectorAll('.terms li')].map(li => li.querySelector('.marking-label')?.textContent));
  assert.deepEqual(terms, [green.text]);
  await page.close();
});

test('search results show their labels', async () => {
  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(root + 'search/index.html?q=convoy');
  await page.waitForSelector('#results .result');
  const results = await page.evaluate(() => [...document.querySelectorAll('#results .result')].map(r => {
    const l = r.querySelector('.marking-label');
    return [r.querySelector('.result-title').textContent, l && l.textContent, l && getComputedStyle(l).color, l && getComputedStyle(l).backgroundColor];
  }));
  assert.deepEqual(results, [['Partner assessment of the convoy', amber.text, amber.color, amber.background]]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a site that never uses markings shows no banner and no label', async () => {
  const page = await browser.newPage();
  for (const path of ['index.html', 'briefings/2025-02-10-a/index.html', 'briefings/index.html']) {
    await page.goto(plain + path);
    assert.equal(await page.locator('.marking, .marking-label').count(), 0, path);
  }
  await page.close();
});

// words reads a PDF back with pdftotext -bbox: its pages' sizes and
// every word with its box, in points.
function words(pdf) {
  const dir = mkdtempSync(join(tmpdir(), 'briefings-pdf-'));
  const file = join(dir, 'page.pdf');
  writeFileSync(file, pdf);
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map(m => ({
    width: +m[1], height: +m[2],
    words: [...m[3].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .map(w => ({ x0: +w[1], y0: +w[2], x1: +w[3], y1: +w[4], text: w[5] })),
  }));
}

for (const format of ['A4', 'Letter']) {
  test(`every printed page carries the label at its top and bottom, ${format}`, async () => {
    const page = await browser.newPage();
    await page.goto(root + 'briefings/2025-02-11-amber/index.html');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.marking').evaluateAll(as => as.filter(a => a.getClientRects().length).length), 0,
      'the banners in the page are not printed: the margins carry the label');
    // Printed as readers print, without "background graphics".
    const pages = words(await page.pdf({ format, printBackground: false }));
    assert.ok(pages.length >= 2, `the long briefing prints on ${pages.length} page(s)`);
    pages.forEach((p, i) => {
      const labels = p.words.filter(w => w.text === 'TLP:AMBER' && w.y1 - w.y0 >= 12);
      const top = labels.filter(w => w.y1 < p.height * 0.1), bottom = labels.filter(w => w.y0 > p.height * 0.9);
      assert.equal(top.length, 1, `page ${i + 1}: the label at the top, 12 pt or more`);
      assert.equal(bottom.length, 1, `page ${i + 1}: the label at the bottom, 12 pt or more`);
      for (const w of [...top, ...bottom]) assert.ok(w.x1 > p.width * 0.8, `page ${i + 1}: the label is at the right (ends at ${w.x1} of ${p.width})`);
    });
    await page.close();
  });
}

// Issue 23: a label that wraps to a line of its own starts at the edge
// of the text above it, in a list, a person's list, the list of people
// and search results alike (a margin before it used to indent it); one
// that does not wrap keeps a small gap after the title. Each title is
// lengthened word by word in the page until its label wraps, so the
// case is met at every width whatever the font.
test('a label that wraps starts at the line\'s edge, 390 and 1280 px, light and dark', async () => {
  const site = pathToFileURL(buildSite({
    'site.toml': 'title = "Desk"\nbase_url = "https://desk.example.org/"\ndefault_tlp = "CLEAR"\n',
    'content/people/olena.md': '+++\nname = "Olena Kovalenko"\ntlp = "AMBER"\n+++\nAnalyst.\n',
    'content/briefings/2025-02-11-long.md': '+++\ntitle = "Partner assessment of the convoy"\ndate = 2025-02-11\ntlp = "AMBER+STRICT"\npeople = ["Olena Kovalenko"]\n+++\nThe convoy.\n',
    'content/briefings/2025-02-12-short.md': '+++\ntitle = "Short"\ndate = 2025-02-12\ntlp = "AMBER"\npeople = ["Olena Kovalenko"]\n+++\nThe convoy too.\n',
  }, '--audience', 'red')).href + '/';
  for (const width of [390, 1280]) {
    for (const scheme of ['light', 'dark']) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
      for (const [path, item, title] of [
        ['briefings/index.html', '.items .item', '.item-title'],
        ['people/olena/index.html', '.items .item', '.item-title'],
        ['people/index.html', '.terms li', 'a'],
        ['search/index.html?q=convoy', '#results .result', '.result-title'],
      ]) {
        await page.goto(site + path);
        if (path.startsWith('search')) await page.waitForSelector('#results .result');
        const got = await page.evaluate(([item, title]) => [...document.querySelectorAll(item)].map(li => {
          const t = li.querySelector(title), l = li.querySelector('.marking-label');
          const last = () => { const lines = t.getClientRects(); return lines[lines.length - 1]; };
          // The gap after the title, when the label starts on its line.
          const gap = l.getBoundingClientRect().top < last().bottom - 1 ? l.getBoundingClientRect().left - last().right : null;
          const name = t.textContent;
          for (let i = 0; i < 200 && l.getBoundingClientRect().top < last().bottom - 1; i++) t.append(' convoy');
          const s = getComputedStyle(li), box = li.getBoundingClientRect();
          return {
            name, gap,
            wrapped: l.getBoundingClientRect().top >= last().bottom - 1,
            fromEdge: l.getBoundingClientRect().left - (box.left + parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth)),
          };
        }), [item, title]);
        assert.ok(got.some(g => g.gap !== null), `${path} at ${width}px: a label beside its title (${JSON.stringify(got)})`);
        for (const g of got) {
          const where = `${path} at ${width}px ${scheme}: "${g.name}"`;
          if (g.gap !== null) assert.ok(g.gap >= 3 && g.gap <= 24, `${where}: label ${g.gap}px after the title`);
          assert.ok(g.wrapped, `${where}: the label wrapped`);
          assert.ok(Math.abs(g.fromEdge) < 1, `${where}: the wrapped label starts ${g.fromEdge}px from the edge`);
        }
      }
      await page.close();
    }
  }
});
