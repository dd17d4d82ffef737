// Screenshots of graded sources and provenance, to look at after
// changing them: a briefing's sources with their grade chips, the scale
// opened from a chip, the byline and "Corrected …", the corrections page,
// an outlet's page, and a briefing as printed, at 390 and 1280 px, light
// and dark. They go to screenshots/sources/ (git-ignored).
//
//   cd tests/browser && node shots-sources.mjs
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, launch } from './lib.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), 'screenshots', 'sources');
mkdirSync(out, { recursive: true });
const root = pathToFileURL(build()).href + '/';
const browser = await launch();
const briefing = 'briefings/2025-02-12-uk-firepower-package/index.html';

for (const scheme of ['light', 'dark']) {
  for (const [width, height, phone] of [[1280, 800, false], [390, 844, true]]) {
    const name = `${width}-${scheme}`;
    const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, isMobile: phone, hasTouch: phone });
    const page = await context.newPage();
    await page.goto(root + briefing);
    await page.screenshot({ path: join(out, `briefing-top-${name}.png`) });
    await page.locator('.sources').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, `sources-${name}.png`) });
    const chip = page.locator('.sources a.grade').first();
    if (phone) await chip.tap(); else await chip.click();
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(out, `scale-${name}.png`) });
    await page.locator('#corrections').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, `corrections-${name}.png`) });
    await page.goto(root + 'briefings/2025-02-12-ukraine-nato-path-context/index.html');
    await page.locator('.sources').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, `default-grade-${name}.png`) });
    for (const p of ['corrections/index.html', 'outlets/upi/index.html']) {
      await page.goto(root + p);
      await page.screenshot({ path: join(out, `${p.replace(/\/index\.html$/, '').replace(/\//g, '-')}-${name}.png`), fullPage: true });
    }
    if (scheme === 'light') {
      await page.goto(root + briefing);
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: join(out, `print-${width}.png`), fullPage: true });
    }
    await context.close();
  }
}
await browser.close();
console.log(`screenshots in ${out}`);
