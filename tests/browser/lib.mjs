// Helpers for the reader tests: build the demo site with the project's
// binary, start Chromium (Debian's, driven by playwright-core), serve a
// folder under a path on 127.0.0.1, and crawl a site the way a reader
// clicks through it, recording every missing page, failed asset and
// console error.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

let binary = process.env.BRIEFINGS_BIN;

// tempDir makes a temporary folder that goes when the test process
// ends (each test file runs in a process of its own).
const temps = [];
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
process.on('exit', () => {
  for (const dir of temps) {
    try { rmSync(dir, { recursive: true, force: true }); } catch { /* left behind */ }
  }
});

// bin returns the briefings binary: $BRIEFINGS_BIN, or one built from
// the repository once.
export function bin() {
  if (!binary) {
    binary = join(tempDir('briefings-bin-'), 'briefings');
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: repo, stdio: 'inherit' });
  }
  return binary;
}

// build builds the demo site (the repository's own content/) into a new
// temporary folder and returns it; extra are more command-line flags.
export function build(...extra) {
  return buildFrom(repo, ...extra);
}

function buildFrom(source, ...extra) {
  bin();
  const dest = join(tempDir('briefings-site-'), 'public');
  execFileSync(binary, ['build', '-s', source, '-d', dest, ...extra], { cwd: source, stdio: ['ignore', 'ignore', 'inherit'] });
  return dest;
}

// buildSite writes a site from files (path → text, site.toml included)
// into a new temporary folder, builds it and returns the output folder.
export function buildSite(files, ...extra) {
  const source = tempDir('briefings-src-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(source, path)), { recursive: true });
    writeFileSync(join(source, path), text);
  }
  return buildFrom(source, ...extra);
}

const chromiumOptions = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
};

export function launch() {
  return chromium.launch(chromiumOptions);
}

// launchProfile starts Chromium with a profile of its own on disk, as a
// reader's browser runs (a plain launch uses an incognito-like context,
// which stays quiet about some errors a normal profile logs, such as a
// manifest refused from file://). It resolves to a BrowserContext; close
// it when done, which removes the profile.
export async function launchProfile(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'briefings-profile-'));
  const context = await chromium.launchPersistentContext(dir, { ...chromiumOptions, ...options });
  const close = context.close.bind(context);
  context.close = async (...args) => {
    await close(...args);
    try { rmSync(dir, { recursive: true, force: true, maxRetries: 5 }); } catch { /* a temp folder left behind */ }
  };
  return context;
}

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.webmanifest': 'application/manifest+json', '.txt': 'text/plain; charset=utf-8',
};

// serve serves dir under prefix ("/repo/") on 127.0.0.1 like GitHub
// Pages: a folder answers with its index.html, a missing file with
// 404.html and status 404. It resolves to {port, close}. Pass a port to
// reuse one (the site must be built for its base URL first).
export function serve(dir, prefix, port = 0) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) return notFound(res);
    path = join(dir, path.slice(prefix.length));
    if (!path.startsWith(dir)) return notFound(res);
    if (existsSync(path) && statSync(path).isDirectory()) {
      if (!req.url.split('?')[0].endsWith('/')) {
        res.writeHead(301, { Location: req.url.split('?')[0] + '/' });
        return res.end();
      }
      path = join(path, 'index.html');
    }
    if (!existsSync(path)) return notFound(res);
    res.writeHead(200, { 'Content-Type': types[extname(path)] || 'application/octet-stream' });
    res.end(readFileSync(path));
  });
  function notFound(res) {
    res.writeHead(404, { 'Content-Type': types['.html'] });
    res.end(readFileSync(join(dir, '404.html')));
  }
  return new Promise(ok => server.listen(port, '127.0.0.1', () => ok({ port: server.address().port, close: () => new Promise(c => server.close(c)) })));
}

// freePort finds a port on 127.0.0.1 that is free now.
export async function freePort() {
  const s = createServer();
  await new Promise(ok => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address();
  await new Promise(ok => s.close(ok));
  return port;
}

// watch records what goes wrong on a page: failed requests, HTTP errors,
// console errors and uncaught exceptions.
export function watch(page, problems = []) {
  page.on('requestfailed', r => {
    // A request cancelled because the page moved on (the favicon, after
    // load) is not a missing file: those fail with a status or
    // ERR_FILE_NOT_FOUND.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', r => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('console', m => { if (m.type() === 'error') problems.push(`console error: ${m.text()} at ${m.location()?.url}`); });
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  return problems;
}

// crawl opens start and every page of the site it links to, following
// each <a href> inside the site (inside scope) once. It returns the URLs
// visited and the problems found: a page that does not load as a
// document of the site (a missing file, a folder listing), a failed
// asset, a console error.
export async function crawl(browser, start, scope, options = {}) {
  const context = await browser.newContext(options);
  let page = await context.newPage();
  const problems = watch(page);
  const seen = new Set([start]);
  const queue = [start];
  const from = new Map([[start, '(start)']]);
  const visited = [];
  while (queue.length) {
    const url = queue.shift();
    const before = problems.length;
    visited.push(url);
    let res;
    try {
      res = await page.goto(url, { waitUntil: 'load' });
    } catch (e) {
      problems.push(`missing page: ${url}, linked from ${from.get(url)} (${e.message.split('\n')[0]})`);
      // The tab now shows an error page that would interrupt the next
      // navigation: carry on in a new one.
      await page.close();
      page = await context.newPage();
      watch(page, problems);
      continue;
    }
    if (!res) problems.push(`no response: ${url}`);
    const info = await page.evaluate(() => ({
      title: document.title,
      listing: !!document.querySelector('#parentDirLinkBox, .dir-listing') || /^Index of /.test(document.title),
      main: !!document.querySelector('main#main'),
      // The links of drawings too: an SVG <a>'s href is no string.
      links: [...document.querySelectorAll('a[href]')].map(a => ({ raw: a.getAttribute('href'), href: new URL(a.getAttribute('href'), document.baseURI).href })),
      brokenImages: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
      // The theme's .skip link is off-screen only once style.css has loaded.
      stylesheet: !!document.querySelector('.skip') && getComputedStyle(document.querySelector('.skip')).position === 'absolute',
    }));
    if (info.listing || !info.main) problems.push(`not a page of the site: ${url} (title ${JSON.stringify(info.title)})`);
    if (!info.stylesheet) problems.push(`no stylesheet loaded: ${url}`);
    for (const src of info.brokenImages) problems.push(`broken image ${src} on ${url}`);
    for (const { raw, href } of info.links) {
      if (!href.startsWith(scope)) continue;
      if (options.relative && /^(\/|[a-z]+:)/i.test(raw)) problems.push(`link not relative: ${raw} on ${url}`);
      const target = href.split('#')[0];
      if (/\.(xml|svg|png|jpg|webmanifest|pdf|json|csv|geojson)$/.test(target)) continue; // feeds, files and data: checked elsewhere
      if (!seen.has(target)) {
        seen.add(target);
        from.set(target, url);
        queue.push(target);
      }
    }
    for (const p of problems.slice(before)) if (!p.includes(' on ') && !p.endsWith(url)) problems[problems.indexOf(p)] = `${p} (on ${url})`;
  }
  await context.close();
  return { visited, problems };
}
