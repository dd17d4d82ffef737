// A briefing prints cleanly on A4 and Letter: no navigation, source URLs
// written out, entity links kept as plain text, black on white even in
// the dark scheme, nothing wider than the paper.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { build, launch } from './lib.mjs';

let browser, root;
before(async () => {
  root = pathToFileURL(build()).href + '/';
  browser = await launch();
});
after(() => browser?.close());

// Paper width less the 16 mm margins of style.css, in CSS pixels.
const paper = { A4: { width: '210mm', px: Math.floor((210 - 32) * 96 / 25.4) }, Letter: { width: '8.5in', px: Math.floor((8.5 * 25.4 - 32) * 96 / 25.4) } };

for (const [format, size] of Object.entries(paper)) {
  for (const path of ['briefings/2025-02-12-uk-firepower-package/index.html', 'briefings/2025-02-12-trump-putin-call/index.html', 'countries/ukraine/index.html']) {
    test(`${path} prints on ${format}`, async () => {
      const page = await browser.newPage({ colorScheme: 'dark', viewport: { width: size.px, height: 900 } });
      await page.goto(root + path);
      await page.emulateMedia({ media: 'print' });
      const look = await page.evaluate(() => {
        const shown = sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length > 0).length;
        const style = e => getComputedStyle(e);
        const links = [...document.querySelectorAll('main a')];
        return {
          nav: shown('.site-header, .site-footer, .skip, nav'),
          urls: [...document.querySelectorAll('.print-url')].map(e => e.getClientRects().length ? e.textContent.replace(/^archived: /, '') : ''),
          // A source's own link and its archived copy's; its grade chip
          // and outlet are links within the site.
          sources: [...document.querySelectorAll('.sources a:not(.grade):not(.outlet)')].map(a => a.href),
          grades: [...document.querySelectorAll('.sources .grade')].filter(e => e.getClientRects().length > 0).map(e => e.textContent),
          styledLinks: links.filter(a => style(a).textDecorationLine !== 'none' || style(a).color !== 'rgb(0, 0, 0)').map(a => a.textContent),
          chips: [...document.querySelectorAll('.chips a')].map(a => a.textContent),
          chipLists: [...document.querySelectorAll('.chips')].map(u => u.innerText),
          background: style(document.body).backgroundColor,
          color: style(document.body).color,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
      });
      assert.equal(look.nav, 0, 'navigation, header and footer are hidden');
      assert.deepEqual(look.urls.filter(Boolean), look.sources, 'every source URL is written out');
      if (path.includes('briefings/')) {
        assert.ok(look.urls.filter(Boolean).length > 0, 'a briefing prints its source URLs');
        assert.ok(look.grades.length > 0 && look.grades.every(g => /^(Grade )?[A-F]?[1-6]?$/.test(g)), `grades print beside the sources: ${look.grades}`);
        assert.ok(look.chips.length > 0, 'entities are printed');
        assert.deepEqual(look.chipLists.filter(t => /\s,|,\S/.test(t)), [], 'entities print as a list: "A, B"');
      }
      assert.deepEqual(look.styledLinks, [], 'links print as plain text');
      assert.ok(['rgb(255, 255, 255)', 'rgba(0, 0, 0, 0)'].includes(look.background), `background ${look.background}`);
      assert.equal(look.color, 'rgb(0, 0, 0)');
      assert.ok(look.overflow <= 0, `the page is ${look.overflow}px wider than the paper`);
      const pdf = await page.pdf({ format, printBackground: false });
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
      assert.ok(pages >= 1 && pages <= 4, `${pages} pages`);
      await page.close();
    });
  }
}
