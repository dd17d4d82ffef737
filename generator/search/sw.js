/* briefings service worker: keeps the site readable offline once visited
   on the web host (it is never registered from file://, where everything
   is already on disk).

   - The shell (home, search page, style sheet, scripts, icon, manifest,
     the 404 page the offline page is made from, and the images those
     pages show, and the hover cards' data listed by cards/meta.js) is
     cached when the worker installs, and so is the whole search index,
     listed by search/meta.js.
   - Pages and other files are network first: every page read online is
     saved, and read from the cache when the network fails.
   - Index files are cache first, in a cache named after the index's
     version, which search/meta.js holds; a new build makes a new cache
     and the old one is deleted.
   - "Save this site for offline reading" (assets/offline.js) fills the
     cache briefings-saved with every page and asset, fetching them with
     the header X-Briefings-Save, which this worker leaves to the network.
     A page read online that is saved there is updated there.
   - Offline, a page saved nowhere gets the site's 404 page with its text
     replaced: "You are offline", in the site's own frame and style. */
'use strict';
var META = null;
self.briefingsSearch = { meta: function (m) { META = m; } };
try { importScripts('search/meta.js'); } catch (e) { /* no index: the shell is still cached */ }
var CARDS = null;
self.briefingsCards = { meta: function (m) { CARDS = m; } };
try { importScripts('cards/meta.js'); } catch (e) { /* no hover cards */ }

var VERSION = META ? META.version : 'none';
var SHELL = 'briefings-shell';
var INDEX = 'briefings-index-' + VERSION;
var SAVED = 'briefings-saved';
var SCOPE = self.registration.scope;
var SHELL_FILES = ['./', 'index.html', 'search/index.html', 'search/meta.js', '404.html', 'assets/style.css', 'assets/search.js',
  'assets/offline.js', 'assets/cards.js', 'assets/icon.svg', 'manifest.webmanifest', 'offline/summary.json'];
// The pages of the shell, whose images are cached with them.
var SHELL_PAGES = ['index.html', 'search/index.html', '404.html'];

/* cardFiles lists the hover cards' data, cards/meta.js and its shards:
   kept with the shell, so that offline a card opens on every page and
   search result, not only on the pages read online. */
function cardFiles() {
  if (!CARDS) return [];
  var files = ['cards/meta.js'];
  for (var i = 0; i < CARDS.sizes.length; i++) files.push('cards/' + i + '.js');
  return files;
}

function indexFiles() {
  if (!META) return [];
  var files = ['search/names.js'];
  for (var i = 0; i < META.sizes.length; i++) files.push('search/terms-' + i + '.js');
  for (var j = 0; j < META.docSizes.length; j++) files.push('search/docs-' + j + '.js');
  for (var k = 0; k < (META.lexSizes || []).length; k++) files.push('search/lex-' + k + '.js');
  return files;
}

/* shellImages caches the images the shell's pages show (the flags in the
   home page's chips, the icon): those pages are cached at install, never
   drawn online, so their images would otherwise be missing offline. */
function shellImages(c) {
  return Promise.all(SHELL_PAGES.map(function (page) {
    var base = SCOPE + page;
    return c.match(base).then(function (res) { return res ? res.text() : ''; }).then(function (html) {
      var seen = {}, files = [], re = /<img\b[^>]*?\ssrc="([^"]+)"/g, m;
      while ((m = re.exec(html))) {
        var url = new URL(m[1].replace(/&amp;/g, '&'), base).href;
        if (url.indexOf(SCOPE) === 0 && !seen[url]) { seen[url] = true; files.push(url); }
      }
      return Promise.all(files.map(function (f) { return c.add(f).catch(function () {}); }));
    });
  }));
}

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (c) {
      // One file missing must not stop the rest from being kept.
      return Promise.all(SHELL_FILES.concat(cardFiles()).map(function (f) { return c.add(f).catch(function () {}); }))
        .then(function () { return shellImages(c); });
    })
      .then(function () { return caches.open(INDEX); })
      .then(function (c) {
        return Promise.all(indexFiles().map(function (f) { return c.add(f).catch(function () {}); }));
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf('briefings-index-') === 0 && k !== INDEX; })
        .map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

/* offline answers a page read nowhere: the site's 404 page (whose links
   start at the site root, so it works at any depth) with its title and
   main text replaced, or a plain page when there is none. */
function offline() {
  var text = '<h1>You are offline</h1><p>This page is not saved on this device, so it opens only when you are back online.</p>' +
    '<p>The pages you have read are saved, and <a href="' + SCOPE + 'search/index.html">search</a> works offline. ' +
    'To read every page offline, choose “Save this site for offline reading” at the foot of a page while online.</p>';
  var plain = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>You are offline</title><link rel="stylesheet" href="' + SCOPE + 'assets/style.css"><link rel="icon" href="' + SCOPE + 'assets/icon.svg">' +
    '</head><body><main id="main">' + text + '</main></body></html>';
  var headers = { 'Content-Type': 'text/html; charset=utf-8' };
  return caches.match(SCOPE + '404.html').then(function (res) { return res ? res.text() : ''; }).then(function (html) {
    var page = html.replace(/<title>[^<]*<\/title>/, '<title>You are offline</title>')
      .replace(/(<main\b[^>]*>)[\s\S]*<\/main>/, function (all, open) { return open + text + '</main>'; });
    if (!html || page.indexOf('You are offline</h1>') < 0) page = plain;
    return new Response(page, { status: 503, headers: headers });
  }, function () {
    return new Response(plain, { status: 503, headers: headers });
  });
}

/* keep stores a response read online: in the saved cache when the site
   is saved and holds it, so that saved pages stay fresh, else in the
   shell cache. */
function keep(req, res) {
  // caches.match with a cacheName does not make the cache, as open would.
  return caches.match(req, { cacheName: SAVED }).then(function (hit) {
    return caches.open(hit ? SAVED : SHELL).then(function (c) { return c.put(req, res); });
  });
}

self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET' || req.url.indexOf(SCOPE) !== 0) return;
  if (req.headers.get('X-Briefings-Save')) return; // saving: straight to the network
  var path = req.url.slice(SCOPE.length).split(/[?#]/)[0];
  if (/^search\/(terms-\d+|docs-\d+|lex-\d+|names)\.js$/.test(path)) {
    event.respondWith(caches.open(INDEX).then(function (c) {
      return c.match(req).then(function (hit) {
        return hit || fetch(req).then(function (res) {
          if (res.ok) c.put(req, res.clone());
          return res;
        }, function () {
          return caches.match(req).then(function (saved) { return saved || Response.error(); });
        });
      });
    }));
    return;
  }
  event.respondWith(fetch(req).then(function (res) {
    if (res.ok) event.waitUntil(keep(req, res.clone()));
    return res;
  }).catch(function () {
    // The saved copy first: keep updates it there once a page is saved.
    var opts = { ignoreSearch: req.mode === 'navigate' };
    return caches.match(req, { ignoreSearch: opts.ignoreSearch, cacheName: SAVED }).then(function (hit) {
      return hit || caches.match(req, opts);
    }).then(function (hit) {
      if (hit) return hit;
      if (req.mode === 'navigate') return offline();
      return Response.error();
    });
  }));
});
