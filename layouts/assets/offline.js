/* briefings offline reading, on a web host only: registers the service
   worker (sw.js at the site root, so that it controls every page), links
   the web app manifest, and offers "Save this site for offline reading"
   in the page's #offline-save (the site footer), with the size it takes.

   Saving fetches every file offline/files.json lists (pages, assets, the
   search index, images) into the cache briefings-saved, which sw.js reads
   when the network fails. It runs while the page is open, six files at a
   time, and can be stopped: the next "Continue" skips what is saved. The
   files are fetched with the header X-Briefings-Save, which the worker
   leaves to the network. When the saving is done, offline/summary.json is
   kept in the cache under offline/saved.json, to say what was saved and
   when; a later build with other files asks for an update.

   From disk (file://) this script does nothing: the whole site is already
   there, and Chromium refuses to load a manifest from file://, logging an
   error on every page. */
(function () {
  'use strict';
  if (!/^https?:$/.test(location.protocol)) return;
  var root = document.currentScript.src.replace(/assets\/offline\.js(\?.*)?$/, '');
  var link = document.createElement('link');
  link.rel = 'manifest';
  link.href = root + 'manifest.webmanifest';
  document.head.appendChild(link);
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(root + 'sw.js');

  var box = document.getElementById('offline-save');
  if (!box || !window.caches || !window.fetch) return;
  var SAVED = 'briefings-saved';
  var MARK = root + 'offline/saved.json';
  var HEADERS = { 'X-Briefings-Save': '1' };
  var WORKERS = 6;

  var summary = null;   // offline/summary.json of this build
  var saved = null;     // what was saved: a summary and the time, or null
  var run = null;       // the saving under way: {done, bytes, failed, stop}
  var partial = false;  // files are saved, but the saving did not finish

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function button(text, fn) {
    var b = el('button', '', text);
    b.type = 'button';
    b.addEventListener('click', fn);
    return b;
  }
  function size(bytes) {
    if (bytes < 1e6) return Math.max(1, Math.round(bytes / 1e3)) + ' KB';
    return (bytes < 1e7 ? (bytes / 1e6).toFixed(1) : Math.round(bytes / 1e6)) + ' MB';
  }
  function count(n) { return n.toLocaleString('en'); }

  // The status line screen readers hear: set at the start and the end of
  // a saving, not at every file.
  var live = el('span', 'offline-save-live');
  live.setAttribute('role', 'status');
  function say(text) { live.textContent = text; }

  /* show draws the control for the state. */
  function show() {
    box.textContent = '';
    box.hidden = false;
    var p = el('p');
    box.appendChild(p);
    if (run) {
      var bar = el('progress');
      bar.max = summary.files;
      bar.value = run.done;
      bar.setAttribute('aria-label', 'Saving for offline reading');
      p.appendChild(bar);
      p.appendChild(el('span', 'offline-save-progress', ' Saving for offline reading: ' + count(run.done) + ' of ' + count(summary.files) +
        ' files (' + size(run.bytes) + ' of ' + size(summary.bytes) + ') '));
      p.appendChild(button('Stop', function () { run.stop = true; }));
    } else if (saved && saved.version === summary.version) {
      p.appendChild(document.createTextNode('Saved for offline reading (' + size(saved.bytes) + ', ' + count(saved.files) + ' files' +
        (saved.failed ? ', but for ' + count(saved.failed) + ' that could not be fetched' : '') + '). '));
      if (saved.failed && navigator.onLine !== false) {
        p.appendChild(button('Try them again', save));
        p.appendChild(document.createTextNode(' '));
      }
      p.appendChild(button('Remove the saved copy', remove));
    } else if (saved) {
      p.appendChild(document.createTextNode('Saved for offline reading; the site has changed since. '));
      p.appendChild(button('Update the saved copy (' + size(summary.bytes) + ')', save));
      p.appendChild(document.createTextNode(' '));
      p.appendChild(button('Remove it', remove));
    } else if (navigator.onLine === false) {
      p.appendChild(document.createTextNode('You are offline: the pages you have read stay readable here.'));
    } else if (partial) {
      p.appendChild(document.createTextNode('Partly saved for offline reading. '));
      p.appendChild(button('Continue saving (' + size(summary.bytes) + ' in all)', save));
      p.appendChild(document.createTextNode(' '));
      p.appendChild(button('Remove it', remove));
    } else {
      var b = button('Save this site for offline reading (' + size(summary.bytes) + ')', save);
      b.title = count(summary.files) + ' files, ' + size(summary.bytes) + ' on this device';
      p.appendChild(b);
    }
    box.appendChild(live);
  }

  function fail(message) {
    run = null;
    show();
    say(message);
    box.querySelector('p').appendChild(el('span', 'offline-save-error', ' ' + message));
  }

  /* save fetches every listed file not already saved with its size into
     the saved cache, WORKERS at a time. */
  function save() {
    if (run) return;
    run = { done: 0, bytes: 0, failed: 0, stop: false };
    show();
    say('Saving this site for offline reading: ' + size(summary.bytes) + '.');
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
    var space = navigator.storage && navigator.storage.estimate ? navigator.storage.estimate() : Promise.resolve(null);
    var cache, list;
    space.then(function (est) {
      // What is saved already counts as free: it is replaced.
      if (est && est.quota && est.quota - est.usage + (saved ? saved.bytes : 0) < summary.bytes) {
        throw new Error('there is not enough room on this device: ' + size(summary.bytes) + ' needed, ' + size(est.quota - est.usage) + ' free.');
      }
      return fetch(root + 'offline/files.json', { cache: 'no-store', headers: HEADERS });
    }).then(function (res) {
      if (!res.ok) throw new Error('the list of files is missing (' + res.status + ').');
      return res.json();
    }).then(function (l) {
      list = l;
      return caches.open(SAVED);
    }).then(function (c) {
      cache = c;
      var next = 0;
      var tick = setInterval(progress, 250);
      function worker() {
        if (run.stop || next >= list.files.length) return Promise.resolve();
        var f = list.files[next++], url = new URL(f[0], root).href;
        // A file saved with the size listed is kept (an earlier saving
        // stopped, or a build that changed other files).
        return cache.match(url).then(function (hit) {
          return hit ? hit.blob().then(function (b) { return b.size === f[1]; }) : false;
        }).then(function (have) {
          if (have) return;
          return fetch(url, { cache: 'no-cache', headers: HEADERS }).then(function (res) {
            if (!res.ok) throw new Error(res.status);
            return cache.put(url, res);
          });
        }).then(function () {
          run.done++;
          run.bytes += f[1];
        }, function () {
          run.failed++;
        }).then(worker);
      }
      var workers = [];
      for (var i = 0; i < WORKERS; i++) workers.push(worker());
      return Promise.all(workers).then(function () { clearInterval(tick); });
    }).then(function () {
      if (run.stop) {
        var left = summary.files - run.done;
        run = null;
        partial = true;
        show();
        say('Saving stopped, ' + count(left) + ' files before the end.');
        return;
      }
      // Files of an earlier build no longer listed go.
      var listed = {};
      list.files.forEach(function (f) { listed[new URL(f[0], root).href] = true; });
      return cache.keys().then(function (keys) {
        return Promise.all(keys.filter(function (r) { return !listed[r.url] && r.url !== MARK; }).map(function (r) { return cache.delete(r); }));
      }).then(function () {
        var failed = run.failed;
        saved = { version: list.version, bytes: summary.bytes, files: summary.files, at: Date.now(), failed: failed };
        return cache.put(MARK, new Response(JSON.stringify(saved), { headers: { 'Content-Type': 'application/json' } })).then(function () {
          run = null;
          show();
          say(failed ? 'Saved for offline reading, but for ' + count(failed) + ' files that could not be fetched.' :
            'Saved for offline reading: ' + size(summary.bytes) + '.');
        });
      });
    }).catch(function (e) {
      fail('Could not save: ' + (e && e.message || e));
    });
  }

  function progress() {
    if (!run) return;
    var bar = box.querySelector('progress'), text = box.querySelector('.offline-save-progress');
    if (bar) bar.value = run.done;
    if (text) text.textContent = ' Saving for offline reading: ' + count(run.done) + ' of ' + count(summary.files) +
      ' files (' + size(run.bytes) + ' of ' + size(summary.bytes) + ') ';
  }

  function remove() {
    caches.delete(SAVED).then(function () {
      saved = null;
      partial = false;
      show();
      say('The saved copy is removed.');
    });
  }

  /* Start: this build's summary (the worker has it offline) and what was
     saved. */
  Promise.all([
    fetch(root + 'offline/summary.json').then(function (res) { return res.ok ? res.json() : null; }),
    caches.has(SAVED).then(function (has) {
      return has ? caches.open(SAVED).then(function (c) { return c.match(MARK); }).then(function (res) { return res ? res.json() : {}; }) : null;
    })
  ]).then(function (r) {
    summary = r[0];
    saved = r[1] && r[1].version ? r[1] : null;
    partial = !!r[1] && !saved;
    if (!summary) return;
    show();
    window.addEventListener('online', function () { if (!run) show(); });
    window.addEventListener('offline', function () { if (!run) show(); });
  }, function () { /* no summary: no control */ });
})();
