/* briefings service worker: keeps the site readable offline once visited
   on the web host (it is never registered from file://, where everything
   is already on disk).

   - The shell (home, search page, style sheet, search script, icon,
     manifest) is cached when the worker installs, and so is the whole
     search index, listed by search/meta.js.
   - Pages and other files are network first: every page read online is
     saved, and read from the cache when the network fails.
   - Index files are cache first, in a cache named after the index's
     version, which search/meta.js holds; a new build makes a new cache
     and the old one is deleted. */
'use strict';
var META = null;
self.briefingsSearch = { meta: function (m) { META = m; } };
try { importScripts('search/meta.js'); } catch (e) { /* no index: the shell is still cached */ }

var VERSION = META ? META.version : 'none';
var SHELL = 'briefings-shell';
var INDEX = 'briefings-index-' + VERSION;
var SCOPE = self.registration.scope;
var SHELL_FILES = ['./', 'index.html', 'search/index.html', 'search/meta.js', 'assets/style.css', 'assets/search.js', 'assets/offline.js', 'assets/icon.svg', 'manifest.webmanifest'];

function indexFiles() {
  if (!META) return [];
  var files = ['search/names.js'];
  for (var i = 0; i < META.sizes.length; i++) files.push('search/terms-' + i + '.js');
  for (var j = 0; j < META.docSizes.length; j++) files.push('search/docs-' + j + '.js');
  for (var k = 0; k < (META.lexSizes || []).length; k++) files.push('search/lex-' + k + '.js');
  return files;
}

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (c) { return c.addAll(SHELL_FILES); })
      .then(function () { return caches.open(INDEX); })
      .then(function (c) {
        // One file missing must not stop the rest from being kept.
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

var OFFLINE = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<title>Offline</title><link rel="icon" href="' + SCOPE + 'assets/icon.svg"></head><body><main><h1>You are offline</h1><p>This page was not read while online, so it is not saved on this device. ' +
  'The pages you have read and the <a href="' + SCOPE + 'search/index.html">search</a> still work.</p></main></body></html>';

self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET' || req.url.indexOf(SCOPE) !== 0) return;
  var path = req.url.slice(SCOPE.length).split(/[?#]/)[0];
  if (/^search\/(terms-\d+|docs-\d+|lex-\d+|names)\.js$/.test(path)) {
    event.respondWith(caches.open(INDEX).then(function (c) {
      return c.match(req).then(function (hit) {
        return hit || fetch(req).then(function (res) {
          if (res.ok) c.put(req, res.clone());
          return res;
        });
      });
    }));
    return;
  }
  event.respondWith(fetch(req).then(function (res) {
    if (res.ok) {
      var copy = res.clone();
      caches.open(SHELL).then(function (c) { return c.put(req, copy); });
    }
    return res;
  }).catch(function () {
    return caches.open(SHELL).then(function (c) {
      return c.match(req, { ignoreSearch: req.mode === 'navigate' });
    }).then(function (hit) {
      if (hit) return hit;
      if (req.mode === 'navigate') return new Response(OFFLINE, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
      return Response.error();
    });
  }));
});
