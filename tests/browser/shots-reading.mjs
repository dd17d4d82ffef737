// Screenshots of the reading features, to look at after changing them:
// a hover card (hovered at 1280 px, tapped at 390 px), the "Save this site
// for offline reading" control before and after saving, the offline page
// and offline search marking results not saved, each in the light and the
// dark scheme. They go to screenshots/reading/ (git-ignored).
//
//   cd tests/browser && node shots-reading.mjs
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, launch, serve, freePort } from './lib.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), 'screenshots', 'reading');
mkdirSync(out, { recursive: true });
const disk = pathToFileURL(build()).href + '/';
const port = await freePort();
const base = `http://127.0.0.1:${port}/repo/`;
const server = await serve(build('--base-url', base), '/repo/', port);
const browser = await launch();
const briefing = 'briefings/2025-02-12-trump-putin-call/index.html';

for (const scheme of ['light', 'dark']) {
  for (const [width, height, phone] of [[1280, 800, false], [390, 844, true]]) {
    const name = `${width}-${scheme}`;
    const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, isMobile: phone, hasTouch: phone });
    const page = await context.newPage();

    // A card, from disk.
    await page.goto(disk + briefing);
    const link = page.locator('main .prose a', { hasText: 'Donald Trump' }).first();
    if (phone) await link.tap(); else await link.hover();
    await page.waitForSelector('.entity-card');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(out, `card-${name}.png`) });

    // Offline reading, on the host.
    await page.goto(base + briefing);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForSelector('#offline-save button');
    await page.locator('#offline-save').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, `save-${name}.png`) });
    await page.locator('#offline-save button').click();
    await page.waitForSelector('#offline-save >> text=Saved for offline reading');
    await page.screenshot({ path: join(out, `saved-${name}.png`) });
    await page.locator('#offline-save button', { hasText: 'Remove' }).click();
    await page.waitForSelector('#offline-save >> text=Save this site');
    await context.setOffline(true);
    await page.goto(base + 'people/john-healey/index.html');
    await page.screenshot({ path: join(out, `offline-page-${name}.png`) });
    await page.goto(base + 'search/index.html?q=healey');
    await page.waitForSelector('#results .result-unsaved');
    await page.screenshot({ path: join(out, `offline-search-${name}.png`) });
    await context.close();
  }
}
await browser.close();
await server.close();
console.log(`screenshots in ${out}`);
