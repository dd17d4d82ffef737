// `briefings serve` shows the warnings of the last good build in a small
// panel that the editor can dismiss (issue 22): path:line: message, text
// a screen reader announces, added to responses only, not printed, and
// back when the warnings change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, basename } from 'node:path';
import { bin, launch, watch, freePort } from './lib.mjs';

const note = body => `+++\ntitle = "Talks"\ndate = 2025-02-12\n+++\n${body}\n`;
let dir, out, server, browser, base, stdout = '';

function put(rel, text) {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'briefings-warnings-'));
  out = join(dir, '..', 'out-' + Date.now());
  put('site.toml', 'title = "Desk"\nbase_url = "https://example.org/"\n');
  put('content/people/pete-hegseth.md', '+++\nname = "Pete Hegseth"\n+++\nDefence.\n');
  put('content/briefings/2025-02-12-talks.md', note('Talks with [[Pete Hegset]].'));
  const port = await freePort();
  server = spawn(bin(), ['serve', '-s', dir, '-d', out, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', d => { stdout += d; });
  server.stderr.on('data', () => {});
  for (const start = Date.now(); !stdout.includes('Serving'); await new Promise(r => setTimeout(r, 50))) {
    if (Date.now() - start > 20000) throw new Error('serve did not start: ' + stdout);
  }
  base = `http://127.0.0.1:${port}/`;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (server) {
    const exited = new Promise(resolve => server.once('exit', resolve));
    server.kill('SIGINT');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  rmSync(join(dir, '..', '.' + basename(out) + '.briefings'), { recursive: true, force: true }); // the spare tree beside it
});

test('the warnings panel lists path:line: message, is dismissed, and comes back when the warnings change', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const problems = watch(page);
  await page.goto(base + 'briefings/2025-02-12-talks/index.html');
  const panel = page.getByRole('status', { name: 'Warnings of the last build' });
  await panel.waitFor();
  assert.equal(await panel.locator('pre').count(), 1);
  assert.equal(await panel.locator('pre').textContent(),
    'content/briefings/2025-02-12-talks.md:5: unknown link target "Pete Hegset": no note, alias or briefing has this name; did you mean "Pete Hegseth"?');
  assert.match(await panel.textContent(), /^1 warning/);
  // It sits in a corner and leaves the page readable: not over the heading.
  const box = await panel.boundingBox();
  const h1 = await page.locator('h1').boundingBox();
  assert.ok(box.y > h1.y + h1.height, 'the panel covers the title');

  // Not printed.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#briefings-warnings').isVisible(), false, 'printed');
  await page.emulateMedia({ media: 'screen' });

  // Dismissed, it stays away across reloads while the list is the same.
  await page.getByRole('button', { name: 'Dismiss the warnings' }).click();
  assert.equal(await page.locator('#briefings-warnings').count(), 0);
  await page.reload();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('#briefings-warnings').count(), 0, 'back after a reload');

  // A new warning brings it back, with both.
  const reloaded = page.waitForEvent('load');
  put('content/briefings/2025-02-12-talks.md', note('Talks with [[Pete Hegset]] and [[Vladmir Putin]].'));
  await reloaded;
  await panel.waitFor();
  assert.equal(await panel.locator('pre').count(), 2);
  assert.match(await panel.textContent(), /^2 warnings/);

  // Fixed: no panel.
  const fixed = page.waitForEvent('load');
  put('content/briefings/2025-02-12-talks.md', note('Talks with [[Pete Hegseth]].'));
  await fixed;
  // The reloaded tab may hear the last list first, then the new, empty one.
  await page.waitForFunction(() => !document.querySelector('#briefings-warnings'), null, { timeout: 10000 });
  assert.deepEqual(problems, []);
  await page.close();

  // The files serve wrote hold neither the panel nor its script.
  assert.ok(!readFileSync(join(out, 'briefings/2025-02-12-talks/index.html'), 'utf8').includes('data-briefings-serve'));
});

// Issue 24: served beyond localhost (--bind 0.0.0.0), a tab on another
// machine is sent only how many warnings and problems there are
// ({"hidden":N}, proved in generator/serve): the panel and the overlay
// say how many, and that the terminal lists them. The event stream is
// answered here as the server answers such a tab, since tests bind to
// 127.0.0.1 only.
test('a tab on another machine is told how many warnings and problems, not what they say', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = watch(page);
  const events = 'event: hello\ndata: 0\n\nevent: warnings\ndata: {"hidden":3}\n\n';
  await page.route('**/__briefings/events', route => route.fulfill({ status: 200, contentType: 'text/event-stream', body: events }));
  await page.goto(base + 'briefings/2025-02-12-talks/index.html');
  const panel = page.getByRole('status', { name: 'Warnings of the last build' });
  await panel.waitFor();
  assert.match(await panel.textContent(), /^3 warnings/);
  assert.equal(await panel.locator('pre').count(), 1);
  assert.match(await panel.locator('pre').textContent(), /^3 warnings, listed on the terminal where briefings serve runs/);
  assert.deepEqual(problems, []);
  await page.close();

  const failed = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const failedProblems = watch(failed);
  await failed.route('**/__briefings/events', route => route.fulfill({ status: 200, contentType: 'text/event-stream',
    body: 'event: hello\ndata: 0\n\nevent: problems\ndata: {"hidden":1}\n\n' }));
  await failed.goto(base + 'briefings/2025-02-12-talks/index.html');
  const overlay = failed.getByRole('alert');
  await overlay.waitFor();
  assert.match(await overlay.locator('pre').textContent(), /^1 problem, listed on the terminal where briefings serve runs/);
  assert.deepEqual(failedProblems, []);
  await failed.close();
});
