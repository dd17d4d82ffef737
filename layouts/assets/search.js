/* briefings search: runs in the page, from a web host or straight from
   disk (file://). The index (written by generator/search) is split into
   small script files, each calling one of the functions of
   window.briefingsSearch; a query inserts <script> tags for the files it
   needs only: the terms shards holding its words, then the document
   chunks of the results shown. No fetch, no WebAssembly: both are
   blocked on file://.

   A word found nowhere is read as the terms nearest to it (one letter
   off in words of four to seven letters, two from eight: a letter
   added, left out, changed, or two swapped), found in the lexicon
   pieces of its first letter (lex-N.js), which load with its terms. */
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
  var TYPO_MIN = [4, 8];    // letters a word needs for one typo, and for two
  var MAX_FIXES = 3;        // terms a misspelt word is read as, the most frequent first
  var FIX_WEIGHT = 0.7;     // what a corrected word counts for, against the word itself
  var LEX_BUDGET = 192e3;   // bytes of lexicon pieces a query may load
  var LEX_AHEAD = 4;        // a word being typed is also corrected to words this much longer

  var meta = null, names = null;
  var shards = {}, chunks = {}, lexes = {};
  var loading = {};
  var waiting = {};

  /* Every index file calls one of these. */
  var api = window.briefingsSearch = {
    meta: function (m) { meta = m; done('meta.js'); },
    names: function (list) { names = list; done('names.js'); },
    terms: function (i, t) { shards[i] = t; done('terms-' + i + '.js'); },
    docs: function (i, d) { chunks[i] = d; done('docs-' + i + '.js'); },
    lex: function (i, words, counts) { lexes[i] = { words: words.split(' '), counts: counts }; done('lex-' + i + '.js'); },
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

  /* typos is how many letters a word may be off by: none for a word
     with a digit (a year or a number one off is another one). */
  function typos(w) {
    if (/\p{Nd}/u.test(w)) return 0;
    var n = letters(w).length;
    return n >= TYPO_MIN[1] ? 2 : n >= TYPO_MIN[0] ? 1 : 0;
  }
  function letters(w) { return Array.from(w); }

  /* lexPieces lists the lexicon pieces that hold the terms beginning
     with the letter first and of lo to hi letters. Pieces are sorted by
     first letter (as a code point), then length, then term; meta.lex
     holds the first letter and length of each piece's first term. */
  function lexPieces(first, lo, hi) {
    var lex = meta.lex, c = first.codePointAt(0);
    if (!lex || !lex.length) return [];
    function cmp(i, len) { return (lex[i][0].codePointAt(0) - c) || (lex[i][1] - len); }
    // The piece before the first one starting at (first, lo) may hold
    // terms of (first, lo) too.
    var start = 0, end = -1;
    for (var i = 0; i < lex.length; i++) {
      if (cmp(i, lo) < 0) start = i;
      if (cmp(i, hi) <= 0) end = i;
    }
    var out = [];
    for (var j = start; j <= end; j++) out.push(j);
    return out;
  }

  function lexBytes(pieces) {
    var n = 0;
    pieces.forEach(function (i) { n += meta.lexSizes[i]; });
    return n;
  }

  /* plan says, for each word, which shards it needs; the last word of a
     query still being typed also matches the words it begins, when that
     stays within budget. A word that may have a typo also loads the
     lexicon pieces of its first letter, within the lexicon budget. */
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
    list.lexLeft = LEX_BUDGET;
    list.forEach(function (q) {
      q.typos = typos(q.word);
      q.lex = [];
      if (q.typos) {
        var chars = letters(q.word), n = chars.length;
        var wide = lexPieces(chars[0], n - q.typos, n + q.typos + (q.prefix ? LEX_AHEAD : 0));
        q.lex = lexBytes(wide) <= list.lexLeft ? wide : lexPieces(chars[0], n - q.typos, n + q.typos);
        if (lexBytes(q.lex) > list.lexLeft) q.lex = [];
        list.lexLeft -= lexBytes(q.lex);
      }
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
     matches the terms it begins, a little below an exact match, and a
     misspelt word the terms it was read as, lower still. */
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
          var exact = term === q.word, fix = q.fixSet[term] === true;
          if (!exact && !fix && !(q.prefix && term.lastIndexOf(q.word, 0) === 0)) continue;
          var s = t[term], len = s.length, i, c;
          var df = postingCount(s);
          var f = idf(df) / 63 * (exact ? 1 : fix ? FIX_WEIGHT : 0.8);
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
    function need(f) {
      if (files.indexOf(f) < 0) files.push(f);
      return f;
    }
    function shardFiles() {
      var out = [];
      list.forEach(function (q) { q.shards.forEach(function (i) { out.push(need('terms-' + i + '.js')); }); });
      return out;
    }
    function lexFiles(pieces) { return pieces.map(function (i) { return need('lex-' + i + '.js'); }); }
    // The terms of every word and the lexicon pieces of those that may
    // be misspelt load together: a word found needs no more, and a
    // misspelt one is corrected without waiting for another file.
    var first = shardFiles();
    list.forEach(function (q) { first = first.concat(lexFiles(q.lex)); });
    Promise.all(first.map(load)).then(function () {
      if (my !== seq) return;
      // A word whose first two letters were swapped, or with a letter
      // added in front, is found among the terms of its second letter.
      var second = [];
      list.forEach(function (q) {
        if (!q.typos || found(q)) return;
        q.fixes = corrections(q, q.lex, letters(q.word)[0]);
        var chars = letters(q.word), n = chars.length;
        if (q.fixes.length || chars[1] === chars[0]) return;
        q.lex2 = lexPieces(chars[1], n - q.typos, n + q.typos);
        if (lexBytes(q.lex2) > list.lexLeft) { q.lex2 = []; return; }
        list.lexLeft -= lexBytes(q.lex2);
        second = second.concat(lexFiles(q.lex2));
      });
      return Promise.all(second.map(load));
    }).then(function () {
      if (my !== seq) return;
      list.forEach(function (q) {
        if (q.lex2 && q.lex2.length) q.fixes = corrections(q, q.lex2, letters(q.word)[1]);
        q.fixSet = {};
        (q.fixes || []).forEach(function (t) {
          q.fixSet[t] = true;
          var i = shardOf(t);
          if (q.shards.indexOf(i) < 0) q.shards.push(i);
        });
      });
      return Promise.all(shardFiles().map(load));
    }).then(function () {
      if (my !== seq) return;
      var loadedAt = performance.now();
      var hits = rank(list);
      current = { query: query, words: list, hits: hits, shown: 0, files: files, started: started, seq: my,
        times: { terms: loadedAt - started, ranked: performance.now() - started } };
      results.textContent = '';
      return more();
    }).catch(fail);
  }

  /* found reports whether a word is a term, or, being typed, begins
     one. */
  function found(q) {
    return q.shards.some(function (i) {
      var t = shards[i];
      if (Object.prototype.hasOwnProperty.call(t, q.word)) return true;
      if (!q.prefix) return false;
      for (var term in t) if (term.lastIndexOf(q.word, 0) === 0) return true;
      return false;
    });
  }

  /* corrections returns the terms a misspelt word may have meant: those
     of the lexicon pieces given, beginning with the letter first, that
     are fewest letters off (at most q.typos; a word being typed is
     compared with their beginnings too), the most frequent first. */
  function corrections(q, pieces, first) {
    var a = letters(q.word), n = a.length, k = q.typos, c = first.codePointAt(0);
    var best = k + 1, found = [];
    pieces.forEach(function (i) {
      var lex = lexes[i];
      if (!lex) return;
      for (var j = 0; j < lex.words.length; j++) {
        var t = lex.words[j];
        if (t.codePointAt(0) !== c) continue;
        var b = letters(t);
        if (b.length < n - k || (!q.prefix && b.length > n + k)) continue;
        var d = distance(a, b, best, q.prefix);
        if (d > k || d > best) continue;
        if (d < best) { best = d; found = []; }
        found.push([t, lex.counts[j]]);
      }
    });
    found.sort(function (x, y) { return y[1] - x[1] || (x[0] < y[0] ? -1 : 1); });
    return found.slice(0, MAX_FIXES).map(function (f) { return f[0]; });
  }

  /* distance is the number of letters added, left out, changed or swapped
     with the next that turn a into b (both arrays of letters), or more
     than k once it is sure to be; with prefix, into the beginning of b
     that needs the fewest. */
  function distance(a, b, k, prefix) {
    var n = a.length, m = b.length;
    var prev2 = null, prev = new Array(m + 1), row;
    for (var j = 0; j <= m; j++) prev[j] = j;
    for (var i = 1; i <= n; i++) {
      row = new Array(m + 1);
      row[0] = i;
      var low = i;
      for (j = 1; j <= m; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        row[j] = v;
        if (v < low) low = v;
      }
      if (low > k) return k + 1;
      prev2 = prev;
      prev = row;
    }
    if (!prefix) return prev[m];
    var d = k + 1;
    for (j = Math.max(0, n - k); j <= Math.min(m, n + k); j++) d = Math.min(d, prev[j]);
    return d;
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
      var read = [];
      c.words.forEach(function (q) {
        if (q.fixes && q.fixes.length) read.push('“' + q.fixes.join('” or “') + '” for “' + q.word + '”');
      });
      setStatus(n === 0 ? 'No results for “' + c.query.trim() + '”.' :
        (n === 1 ? '1 result' : n + ' results') + ' for “' + c.query.trim() + '”' +
        (read.length ? ', reading ' + read.join(', ') : '') +
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
    m = /^lex-(\d+)\.js$/.exec(f);
    if (m) return meta.lexSizes[+m[1]];
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
    return c.words.some(function (q) { return q.fixSet[w] === true || (q.prefix ? w.lastIndexOf(q.word, 0) === 0 : w === q.word); });
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
    if (d[7] !== undefined && meta.labels && meta.labels[d[7]]) {
      /* the result's marking (issue 24), as lists show it */
      var l = meta.labels[d[7]], mark = el('span', 'marking-label', l[0]);
      mark.style.color = l[1];
      mark.style.backgroundColor = l[2];
      li.appendChild(document.createTextNode(' '));
      li.appendChild(mark);
    }
    if (kind !== 0) {
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('span', 'badge', meta.kinds[kind].replace(/^./, function (x) { return x.toUpperCase(); })));
    }
    markUnsaved(li);
    if (d[4]) {
      var t = el('time', '', d[4]);
      t.dateTime = d[3];
      li.appendChild(document.createTextNode(' '));
      li.appendChild(t);
    }
    /* a draft or an embargoed note, shown only by serve --drafts or
       build --drafts/--future, says so as lists do (issue 22) */
    if (d[8] & 1) {
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('strong', 'status', 'Draft'));
    }
    if (d[8] & 2) {
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('strong', 'status', 'Embargoed until ' + d[4]));
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

  /* markUnsaved marks a result whose page is not saved on this device,
     while the device is offline on the web host: the service worker
     keeps the pages read and, once the reader saves the site, all of
     them (see assets/offline.js); the others cannot open. */
  function markUnsaved(li) {
    var a = li.querySelector('.result-title'), old = li.querySelector('.unsaved');
    if (old) old.parentNode.removeChild(old);
    li.classList.remove('result-unsaved');
    if (navigator.onLine !== false || !window.caches || !/^https?:$/.test(location.protocol)) return;
    caches.match(a.href, { ignoreSearch: true }).then(function (hit) {
      if (hit || navigator.onLine !== false || li.querySelector('.unsaved')) return;
      li.classList.add('result-unsaved');
      var badge = el('span', 'badge unsaved', 'not saved offline');
      a.parentNode.insertBefore(badge, a.nextSibling);
      a.parentNode.insertBefore(document.createTextNode(' '), badge);
    }, function () {});
  }
  function markAll() {
    Array.prototype.forEach.call(results.querySelectorAll('.result'), markUnsaved);
  }
  window.addEventListener('offline', markAll);
  window.addEventListener('online', markAll);

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
