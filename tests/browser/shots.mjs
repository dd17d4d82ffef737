// Screenshots of every kind of page of the demo site, to look at before
// and after changing the theme: home, briefing, person, country, event,
// outlet, the lists (briefings, people, tags), a tag, the timeline, a
// year, a page, corrections, search with results and the 404 page, each
// at phone (390 px) and desktop (1280 px) width, in the light and the
// dark scheme, and a briefing as printed (PDF). They are opened from
// disk, as a reader who downloaded the site would, and written to
// screenshots/pages/<name>/ (git-ignored), full page.
//
//   cd tests/browser && node shots.mjs [name] [--only=briefing,person]
//
// name defaults to "now": run it as `node shots.mjs before`, change the
// theme, run `node shots.mjs after` and compare the two folders.
// shots-reading.mjs does the same for the hover cards and offline
// reading.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, launch } from './lib.mjs';
import { pages } from './pages.mjs';

const args = process.argv.slice(2);
const name = args.find(a => !a.startsWith('--')) || 'now';
const only = args.find(a => a.startsWith('--only='))?.slice(7).split(',');
// Names without spaces, for file names.
const file = kind => kind.split(' ')[0] + (kind.includes(' ') ? '-' + kind.split(' ').at(-1) : '');
const out = join(dirname(fileURLToPath(import.meta.url)), 'screenshots', 'pages', name);
mkdirSync(out, { recursive: true });
const disk = pathToFileURL(build()).href + '/';
const browser = await launch();
try {
  for (const scheme of ['light', 'dark']) {
    for (const [width, height, phone] of [[1280, 800, false], [390, 844, true]]) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, isMobile: phone, hasTouch: phone });
      const page = await context.newPage();
      for (const [kind, path] of Object.entries(pages)) {
        if (only && !only.includes(kind)) continue;
        await page.goto(disk + path);
        if (kind === 'search') await page.waitForSelector('#results li');
        await page.screenshot({ path: join(out, `${file(kind)}-${width}-${scheme}.png`), fullPage: true });
      }
      await context.close();
    }
  }
  // The print edition: a briefing as a PDF on A4.
  const page = await browser.newPage();
  await page.goto(disk + pages['briefing with an embed and a callout']);
  writeFileSync(join(out, 'briefing-print.pdf'), await page.pdf({ format: 'A4', displayHeaderFooter: false }));
} finally {
  await browser.close();
}
console.log(`screenshots in ${out}`);
