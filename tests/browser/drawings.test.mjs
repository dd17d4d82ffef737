// The drawings of issue 26 as a reader on a phone and on a desktop sees
// them: on the site's timeline, graph and map and on each kind of entity
// page, at 390 and 1280 px, light and dark, every label of an SVG is
// drawn at least 11 px tall (a graph or a map shrinks to the screen, a
// timeline scrolls in its frame instead), no label is drawn over
// another or over a dot, no drawing makes the page
// wider than the screen, a timeline opens with its newest marks in
// view (and fits a desktop's column), and every mark's link leads to a
// page of the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { build, launch } from './lib.mjs';
import { pages } from './pages.mjs';

let browser, dest;
before(async () => { browser = await launch(); dest = build(); });
after(() => browser?.close());

const drawn = ['timeline', 'graph', 'map', 'country', 'person', 'event'];

for (const width of [390, 1280]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`drawings are readable at ${width} px, ${colorScheme}, and their links lead to pages`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 844 }, colorScheme, ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
      for (const kind of drawn) {
        const page = await context.newPage();
        const url = pathToFileURL(join(dest, pages[kind])).href;
        await page.goto(url);
        const found = await page.evaluate(() => ({
          pageWidth: document.documentElement.scrollWidth,
          drawings: [...document.querySelectorAll('.drawing')].map(d => {
            const svg = d.querySelector('svg');
            const frame = d.querySelector('.drawing-frame').getBoundingClientRect();
            const labels = [...svg.querySelectorAll('text')].map(t => ({ text: t.textContent, height: t.getBoundingClientRect().height }));
            // Labels drawn over another label or over a dot.
            const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
            const dots = [...svg.querySelectorAll('circle')].map(c => c.getBoundingClientRect());
            const over = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
            const clashes = [];
            for (const [i, [t, a]] of boxes.entries()) {
              for (const [u, b] of boxes.slice(i + 1)) if (over(a, b)) clashes.push(`"${t}" over "${u}"`);
              if (dots.some(b => over(a, b))) clashes.push(`"${t}" over a dot`);
            }
            const links = [...svg.querySelectorAll('a')].map(a => a.href.baseVal);
            // A timeline's newest mark (its rightmost) and the part of
            // its frame in view as the page opens.
            const marks = [...svg.querySelectorAll('circle, rect.range, rect.count')].map(m => m.getBoundingClientRect());
            const newest = marks.length ? marks.reduce((a, b) => (b.left > a.left ? b : a)) : null;
            const f = d.querySelector('.drawing-frame');
            return {
              kind: d.className, frameRight: frame.right, labels, links, base: document.baseURI, clashes,
              timeline: d.classList.contains('drawing-timeline'), frameLeft: frame.left,
              newest: newest && { left: newest.left, right: newest.right }, overflow: f.scrollWidth - f.clientWidth,
            };
          }),
        }));
        assert.ok(found.drawings.length > 0, `${kind}: a drawing`);
        assert.ok(found.pageWidth <= width, `${kind}: the page is ${found.pageWidth} px wide on a ${width} px screen`);
        for (const d of found.drawings) {
          assert.ok(d.frameRight <= width, `${kind}: ${d.kind} ends at ${d.frameRight} px`);
          for (const l of d.labels) assert.ok(l.height >= 11, `${kind}: ${d.kind} label "${l.text}" is ${l.height.toFixed(1)} px tall`);
          assert.deepEqual(d.clashes, [], `${kind}: ${d.kind}: labels drawn over others`);
          assert.ok(d.links.length > 0, `${kind}: ${d.kind} has links`);
          if (d.timeline) {
            // The newest events and briefings are in view as the page
            // opens, however far back the timeline goes; on a desktop
            // the demo's timelines (12 years at most) need no scrolling.
            assert.ok(d.newest.left >= d.frameLeft - 1 && d.newest.right <= d.frameRight + 1,
              `${kind}: the newest mark (${d.newest.left.toFixed(0)} to ${d.newest.right.toFixed(0)} px) is outside the frame in view (${d.frameLeft.toFixed(0)} to ${d.frameRight.toFixed(0)} px)`);
            if (width >= 1280) assert.ok(d.overflow <= 0, `${kind}: the timeline scrolls ${d.overflow} px on a desktop`);
          }
          for (const href of d.links) {
            const target = new URL(href, d.base);
            const file = fileURLToPath(target);
            assert.ok(existsSync(file), `${kind}: ${d.kind} links to ${href}, which is no file of the site`);
          }
        }
        await page.close();
      }
      await context.close();
    });
  }
}
