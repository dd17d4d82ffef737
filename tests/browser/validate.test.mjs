// The output as checkers see it: the Nu Html Checker finds no error on any
// page; every Atom feed parses with a real feed parser and points under
// the base URL; the sitemap lists every page.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { parseFeed } from '@rowanmanning/feed-parser';
import { build } from './lib.mjs';

const require = createRequire(import.meta.url);
const base = 'https://user.github.io/repo/';
let site;
before(() => { site = build('--base-url', base); });

function files(dir, ext) {
  return readdirSync(dir, { recursive: true }).map(f => join(dir, f)).filter(f => f.endsWith(ext));
}

test('the Nu Html Checker reports no error on any page', () => {
  const jar = join(require.resolve('vnu-jar'), '..', 'build', 'dist', 'vnu.jar');
  let out = '';
  try {
    execFileSync('java', ['-jar', jar, '--errors-only', '--skip-non-html', '--format', 'gnu', site], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = (e.stdout || '') + (e.stderr || '');
  }
  assert.equal(out.split(site + '/').join(''), '');
  assert.ok(files(site, '.html').length >= 30);
});

test('every Atom feed parses, with entries linking under the base URL', () => {
  const feeds = files(site, 'index.xml');
  assert.ok(feeds.length >= 20, `${feeds.length} feeds`);
  for (const f of feeds) {
    const name = relative(site, f);
    const feed = parseFeed(readFileSync(f, 'utf8'));
    assert.equal(feed.meta.type, 'atom', name);
    assert.ok(feed.title, `${name} has a title`);
    assert.ok(feed.url && feed.url.startsWith(base), `${name} links to its page: ${feed.url}`);
    assert.ok(feed.self && feed.self.startsWith(base) && feed.self.endsWith(name.replaceAll('\\', '/')), `${name} self link: ${feed.self}`);
    assert.ok(feed.updated instanceof Date && !isNaN(feed.updated), `${name} updated`);
    for (const item of feed.items) {
      assert.ok(item.title && item.id && item.updated, `${name}: an entry has a title, an id and a date`);
      assert.ok(item.url.startsWith(base + 'briefings/'), `${name}: entry link ${item.url}`);
    }
  }
  const site_ = parseFeed(readFileSync(join(site, 'index.xml'), 'utf8'));
  assert.equal(site_.items.length, 4);
  const person = parseFeed(readFileSync(join(site, 'people/vladimir-putin/index.xml'), 'utf8'));
  assert.ok(person.items.length >= 1);
  assert.ok(person.items[0].description, 'entries carry the summary');
});

test('pages link to the site feed and to their own', () => {
  const home = readFileSync(join(site, 'index.html'), 'utf8');
  assert.match(home, /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="index.xml">/);
  const country = readFileSync(join(site, 'countries/ukraine/index.html'), 'utf8');
  assert.match(country, /<link rel="alternate" type="application\/atom\+xml" title="Ukraine · [^"]+" href="..\/..\/countries\/ukraine\/index.xml">/);
  const tag = readFileSync(join(site, 'tags/drones/index.html'), 'utf8');
  assert.match(tag, /href="..\/..\/tags\/drones\/index.xml"/);
  const event = readFileSync(join(site, 'events/invasion-of-ukraine/index.html'), 'utf8');
  assert.match(event, /rel="alternate" type="application\/atom\+xml" title="Russian invasion of Ukraine/);
});

test('the sitemap lists every page under the base URL, and no 404', () => {
  const sitemap = readFileSync(join(site, 'sitemap.xml'), 'utf8');
  assert.match(sitemap, /^<\?xml version="1.0" encoding="utf-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
  const locs = new Set([...sitemap.matchAll(/<loc>([^<]*)<\/loc>/g)].map(m => m[1]));
  const pages = files(site, 'index.html').map(f => base + relative(site, f).replaceAll('\\', '/').replace(/index\.html$/, ''));
  assert.deepEqual(pages.filter(p => !locs.has(p)), []);
  assert.ok(!sitemap.includes('404'));
});

test('GitHub Pages files: .nojekyll, 404.html, and CNAME from site.toml', () => {
  for (const f of ['.nojekyll', '404.html']) assert.ok(readdirSync(site).includes(f), f);
});
