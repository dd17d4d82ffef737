/* briefings search: runs in the page, from a web host or straight from
   disk (file://). The index (written by generator/search) is split into
   small script files, each calling one of the functions of
   window.briefingsSearch; a query inserts <script> tags for the files it
   needs only: the terms shards holding its words, then the document
   chunks of the results shown. No fetch, no WebAssembly: both are
   blocked on file://. */
(function () {
  'use strict';
  var script = document.currentScript;
  var root = script.src.replace(/assets\/search\.js(\?.*)?$/, '');
  /* Result links are written relative to this page, like every other
     link of the site. */
  var here = location.href.split(/[?#]/)[0];
  var base = here.lastIndexOf(root, 0) === 0 ? new Array(here.slice(root.length).split('/').length).join('../') : root;
  var form = document.getElementById('search-form');
  var input = document.getElementById('q');
  var status = document.getElementById('search-status');
  var results = document.getElementById('results');
  if (!form || !input || !results) return;

  var PAGE = 10;            // results shown at a time
  var FIRST = 1;            // results whose files load before the others'
  var MAX_WORDS = 8;        // words of a query looked up
  var PREFIX_BUDGET = 160e3; // bytes of shards a word being typed may add
  var PREFIX_MIN = 3;       // letters a word being typed needs to match the words it begins

  var meta = null, names = null;
  var shards = {}, chunks = {};
  var loading = {};
  var waiting = {};

  /* Every index file calls one of these. */
  var api = window.briefingsSearch = {
    meta: function (m) { meta = m; done('meta.js'); },
    names: function (list) { names = list; done('names.js'); },
    terms: function (i, t) { shards[i] = t; done('terms-' + i + '.js'); },
    docs: function (i, d) { chunks[i] = d; done('docs-' + i + '.js'); },
    last: null,      // the last query shown: timings, bytes and files, for tests
    ready: false,    // meta.js and names.js are loaded
    loaded: []
  };

  function done(file) {
    var w = waiting[file];
    if (w) { delete waiting[file]; w(); }
  }

  /* load inserts a <script> for an index file once and resolves when the
     file has registered itself. */
  function load(file) {
    if (!loading[file]) {
      loading[file] = new Promise(function (resolve, reject) {
        waiting[file] = resolve;
        var s = document.createElement('script');
        s.src = root + 'search/' + file;
        s.async = true;
        s.onerror = function () { delete loading[file]; reject(new Error('cannot load ' + s.src)); };
        api.loaded.push(file);
        document.head.appendChild(s);
      });
    }
    return loading[file];
  }

  /* Tokenizing mirrors generator/search.Tokens: marks removed, lower
     case, split at what is not a letter or a digit. */
  var stop = {};
  function fold(s) {
    return s.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{Nd}]+/u).filter(function (w) { return w.length > 0; });
  }

  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var VALUE = new Int8Array(128);
  for (var d = 0; d < DIGITS.length; d++) VALUE[DIGITS.charCodeAt(d)] = d;

  function shardOf(term) {
    var f = meta.firsts, lo = 0, hi = f.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (f[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /* plan says, for each word, which shards it needs; the last word of a
     query still being typed also matches the words it begins, when that
     stays within budget. */
  function plan(query) {
    var all = words(query);
    var typing = !/\s$/.test(query);
    var list = [];
    all.forEach(function (w, i) {
      var prefix = typing && i === all.length - 1 && w.length >= PREFIX_MIN;
      if (w.length < 2 && !prefix) return;
      if (stop[w] && !prefix) return;
      if (list.length < MAX_WORDS) list.push({ word: w, prefix: prefix });
    });
    list.forEach(function (q) {
      var first = shardOf(q.word);
      q.shards = [first];
      if (q.prefix) {
        var last = shardOf(q.word + '\uffff'), extra = 0;
        for (var i = first + 1; i <= last; i++) extra += meta.sizes[i];
        if (extra <= PREFIX_BUDGET) {
          for (var j = first + 1; j <= last; j++) q.shards.push(j);
        } else {
          q.prefix = false;
        }
      }
    });
    return list;
  }

  function idf(df) {
    return Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5));
  }

  /* rank scores every document for the words of a query (BM25: the
     weights in the postings times each term's idf), keeps those that
     match every word and sorts them, best first. A word being typed
     matches the terms it begins, a little below an exact match. */
  function rank(list) {
    var n = meta.docs;
    var total = new Float64Array(n), count = new Uint8Array(n);
    var touched = [];
    list.forEach(function (q, wi) {
      var best = new Float32Array(n);
      touched = [];
      q.shards.forEach(function (si) {
        var t = shards[si];
        for (var term in t) {
          var exact = term === q.word;
          if (!exact && !(q.prefix && term.lastIndexOf(q.word, 0) === 0)) continue;
          var s = t[term], len = s.length, i, c;
          var df = postingCount(s);
          var f = idf(df) / 63 * (exact ? 1 : 0.8);
          var doc = -1;
          i = 0;
          while (i < len) {
            var v = 0;
            while ((c = VALUE[s.charCodeAt(i++)]) >= 32) v = v * 32 + (c - 32);
            doc += v * 32 + c;
            var w = VALUE[s.charCodeAt(i++)] * f;
            if (best[doc] === 0) touched.push(doc);
            if (w > best[doc]) best[doc] = w;
          }
        }
      });
      for (var k = 0; k < touched.length; k++) {
        var d = touched[k];
        if (count[d] === wi) { count[d] = wi + 1; total[d] += best[d]; }
      }
    });
    // Sort numbers, not objects: each hit is its score (to a millionth)
    // times 2^21 plus the complement of its document number, so a native
    // sort puts the best last and, among equals, the lower number
    // (the newer briefing) first.
    var keys = new Float64Array(touched.length), m = 0;
    for (var k = 0; k < touched.length; k++) {
      var doc = touched[k];
      if (count[doc] === list.length) keys[m++] = Math.round(total[doc] * 1e6) * 2097152 + (2097151 - doc);
    }
    keys = keys.subarray(0, m).sort();
    var hits = new Array(m);
    for (var j = 0; j < m; j++) hits[j] = 2097151 - keys[m - 1 - j] % 2097152;
    return hits;
  }

  /* postingCount counts the postings of an encoded list: each ends with
     a gap digit below 32 followed by a weight digit. */
  function postingCount(s) {
    var n = 0, i = 0, len = s.length;
    while (i < len) {
      while (VALUE[s.charCodeAt(i++)] >= 32) { /* continuation */ }
      i++;
      n++;
    }
    return n;
  }

  var seq = 0;
  var current = null; // the query shown: {query, words, hits, shown, files, started, seq, times}

  function search(query, started) {
    var my = ++seq;
    query = query.slice(0, 200);
    if (!meta) return;
    var list = plan(query);
    if (list.length === 0) {
      results.textContent = '';
      setStatus(query.trim() ? 'Type a longer word to search.' : '');
      current = null;
      return;
    }
    var files = [];
    list.forEach(function (q) {
      q.shards.forEach(function (i) {
        var f = 'terms-' + i + '.js';
        if (files.indexOf(f) < 0) files.push(f);
      });
    });
    Promise.all(files.map(load)).then(function () {
      if (my !== seq) return;
      var loadedAt = performance.now();
      var hits = rank(list);
      current = { query: query, words: list, hits: hits, shown: 0, files: files, started: started, seq: my,
        times: { terms: loadedAt - started, ranked: performance.now() - started } };
      results.textContent = '';
      return more();
    }).catch(fail);
  }

  /* more shows the next page of results. Each result's document chunk
     loads in parallel, and results appear in order as soon as they and
     those above them are ready. */
  function more() {
    var c = current;
    var page = c.hits.slice(c.shown, c.shown + PAGE);
    var ol = results.querySelector('ol');
    if (!ol) {
      ol = el('ol', 'results');
      results.appendChild(ol);
    }
    var ready = [], next = 0, early = [];
    var loads = page.map(function (doc, i) {
      var f = 'docs-' + Math.floor(doc / meta.chunk) + '.js';
      if (c.files.indexOf(f) < 0) c.files.push(f);
      // The first results' files go first: a batch of script loads
      // finishes together, so a smaller first batch shows results sooner.
      var p = i < FIRST ? load(f) : Promise.all(early).then(function () { return load(f); });
      if (i < FIRST) early.push(p);
      return p.then(function () {
        ready[i] = true;
        while (next < page.length && ready[next] && c.seq === seq) {
          ol.appendChild(result(c, page[next]));
          if (!c.times.first) c.times.first = performance.now() - c.started;
          next++;
        }
      });
    });
    return Promise.all(loads).then(function () {
      if (c.seq !== seq) return;
      c.shown += page.length;
      var n = c.hits.length;
      setStatus(n === 0 ? 'No results for “' + c.query.trim() + '”.' :
        (n === 1 ? '1 result' : n + ' results') + ' for “' + c.query.trim() + '”' +
        (c.shown < n ? ', showing ' + c.shown + '.' : '.'));
      moreButton(c.shown < n);
      if (c.files.indexOf('names.js') < 0) c.files.push('names.js');
      var bytes = 0;
      c.files.forEach(function (f) { bytes += size(f); });
      api.last = { query: c.query, results: n, ms: performance.now() - c.started, bytes: bytes, files: c.files.slice(), times: c.times };
      document.dispatchEvent(new CustomEvent('briefings:search', { detail: api.last }));
    });
  }

  function size(f) {
    var m = /^terms-(\d+)\.js$/.exec(f);
    if (m) return meta.sizes[+m[1]];
    m = /^docs-(\d+)\.js$/.exec(f);
    if (m) return meta.docSizes[+m[1]];
    if (f === 'names.js') return meta.namesSize;
    return 0;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function href(url) { return base + url + 'index.html'; }

  function matches(word, c) {
    var w = fold(word);
    return c.words.some(function (q) { return q.prefix ? w.lastIndexOf(q.word, 0) === 0 : w === q.word; });
  }

  /* highlight writes text into parent, marking the words of the query. */
  function highlight(parent, text, c) {
    var re = /[\p{L}\p{Nd}\p{Mn}]+/gu, last = 0, m;
    while ((m = re.exec(text))) {
      if (!matches(m[0], c)) continue;
      parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      parent.appendChild(el('mark', '', m[0]));
      last = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /* result renders one result: title, kind, date, snippet and the
     chips of the entities a briefing mentions. */
  function result(c, doc) {
    var d = chunks[Math.floor(doc / meta.chunk)][doc % meta.chunk];
    var kind = d[0], li = el('li', 'result');
    var a = el('a', 'result-title');
    a.href = href(d[1]);
    highlight(a, d[2], c);
    li.appendChild(a);
    if (kind !== 0) {
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('span', 'badge', meta.kinds[kind].replace(/^./, function (x) { return x.toUpperCase(); })));
    }
    if (d[4]) {
      var t = el('time', '', d[4]);
      t.dateTime = d[3];
      li.appendChild(document.createTextNode(' '));
      li.appendChild(t);
    }
    if (d[5]) {
      var p = el('p', 'summary');
      highlight(p, d[5], c);
      li.appendChild(p);
    }
    if (d[6].length) {
      var ul = el('ul', 'chips');
      ul.setAttribute('aria-label', 'Mentioned');
      li.appendChild(ul);
      load('names.js').then(function () {
        d[6].forEach(function (id) {
          var n = names[id];
          if (!n) return;
          var chip = el('li'), ca = el('a', '', n[2]);
          ca.href = href(n[1]);
          chip.appendChild(ca);
          ul.appendChild(chip);
        });
      });
    }
    return li;
  }

  var moreBtn = null;
  function moreButton(show) {
    if (!moreBtn) {
      moreBtn = el('button', 'more', 'Show more results');
      moreBtn.type = 'button';
      moreBtn.addEventListener('click', function () {
        var first = current.shown;
        current.started = performance.now();
        more().then(function () {
          var links = results.querySelectorAll('.result-title');
          if (links[first]) links[first].focus();
        }).catch(fail);
      });
    }
    if (show) results.appendChild(moreBtn); else if (moreBtn.parentNode) moreBtn.parentNode.removeChild(moreBtn);
  }

  function setStatus(text) { status.textContent = text; }

  function fail(err) {
    setStatus('The search index could not be loaded: ' + err.message);
  }

  function run() {
    var q = input.value;
    search(q, performance.now());
    try {
      var url = new URL(location.href);
      if (q.trim()) url.searchParams.set('q', q); else url.searchParams.delete('q');
      history.replaceState(null, '', url.href);
    } catch (e) { /* some browsers refuse history on file:// */ }
  }

  input.addEventListener('input', run);
  form.addEventListener('submit', function (e) { e.preventDefault(); run(); });

  /* Keyboard: / focuses the box; arrows move between results; Escape
     goes back to the box. */
  document.addEventListener('keydown', function (e) {
    var links = Array.prototype.slice.call(results.querySelectorAll('.result-title'));
    var i = links.indexOf(document.activeElement);
    if (e.key === '/' && document.activeElement !== input) {
      e.preventDefault();
      input.focus();
      input.select();
    } else if (e.key === 'ArrowDown' && (document.activeElement === input || i >= 0)) {
      if (i + 1 < links.length) { e.preventDefault(); links[i + 1].focus(); }
    } else if (e.key === 'ArrowUp' && i >= 0) {
      e.preventDefault();
      if (i > 0) links[i - 1].focus(); else input.focus();
    } else if (e.key === 'Escape' && i >= 0) {
      input.focus();
    }
  });

  load('meta.js').then(function () {
    meta.stop.forEach(function (w) { stop[w] = true; });
    words('Warm-up: compiles the Unicode patterns before the first query.');
    load('names.js').then(function () { api.ready = true; }, function () {}); // for the chips of results, off the query's path
    var q = new URLSearchParams(location.search).get('q');
    if (q) { input.value = q; }
    if (input.value) search(input.value, performance.now());
  }).catch(fail);
})();
