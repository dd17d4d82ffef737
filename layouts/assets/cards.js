/* briefings hover cards: hovering or focusing a link to a person, country
   or event shows a card with its name, role or flag, a one-line summary,
   how many briefings name it and the latest three. On a touch screen the
   first tap shows the card and a second tap (or the name in the card)
   follows the link. From the keyboard, focus shows the card, ↓ moves
   into it, Escape closes it; screen readers hear the card's summary as
   the link's description, and find the card right after the link.

   The cards' data is written by generator/search (cards.go) as script
   files, cards/meta.js and cards/N.js, each calling a function of
   window.briefingsCards: <script> tags load them from a web host and
   from disk (file://) alike, where fetch is refused. A card's shard is
   the FNV-1a hash of its key (its URL from the site root) modulo the
   number of shards, so a page loads the shards of the links it has, not
   the whole set. Without JavaScript the links are plain links. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !document.querySelector) return;
  var root = script.src.replace(/assets\/cards\.js(\?.*)?$/, '');

  var OPEN_DELAY = 250;   // ms the pointer rests on a link before its card opens
  var CLOSE_DELAY = 300;  // ms after the pointer leaves link and card before it closes
  var PRELOAD = 64e3;     // bytes of shards loaded ahead for the links of the page
  var GAP = 6;            // px between the link and its card

  var meta = null, kinds = {}, shards = {}, loading = {}, waiting = {};
  window.briefingsCards = {
    meta: function (m) { meta = m; done('meta.js'); },
    shard: function (i, cards) { shards[i] = cards; done(i + '.js'); }
  };

  function done(file) {
    var w = waiting[file];
    if (w) { delete waiting[file]; w(); }
  }

  function load(file) {
    if (!loading[file]) {
      loading[file] = new Promise(function (resolve, reject) {
        waiting[file] = resolve;
        var s = document.createElement('script');
        s.src = root + 'cards/' + file;
        s.async = true;
        s.onerror = function () { delete loading[file]; reject(new Error('cannot load ' + s.src)); };
        document.head.appendChild(s);
      });
    }
    return loading[file];
  }

  /* keyOf returns the card key of a link to an entity page ("people/
     vladimir-putin/"), or null for any other link, a link in a card, a
     link to this very page and a link of a drawing (an SVG <a>, whose
     href is no string: the drawings' titles say what each mark is). */
  function keyOf(a) {
    if (!meta || !a || typeof a.href !== 'string' || !a.href || a.closest('.entity-card')) return null;
    var url = a.href.split('#')[0].split('?')[0];
    if (url.lastIndexOf(root, 0) !== 0) return null;
    var path;
    try { path = decodeURIComponent(url.slice(root.length)); } catch (e) { return null; }
    var m = /^([^/]+)\/([^/]+)\/(index\.html)?$/.exec(path);
    if (!m || !Object.prototype.hasOwnProperty.call(kinds, m[1])) return null;
    var key = m[1] + '/' + m[2] + '/';
    return key === here ? null : key;
  }
  var here = null, herePath = null; // this page's card key, and its path from the site root

  /* shardOf is generator/search.CardShardOf: FNV-1a over the key's
     UTF-8 bytes. */
  function shardOf(key) {
    var bytes = new TextEncoder().encode(key), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % meta.sizes.length;
  }

  function cardData(key) {
    var i = shardOf(key);
    return load(i + '.js').then(function () { return shards[i][key] || null; });
  }

  function entityLink(target) {
    var a = target && target.closest ? target.closest('a[href]') : null;
    return a && keyOf(a) ? a : null;
  }

  /* The card shown: its element, the link it belongs to, how it was
     opened ('hover', 'focus' or 'tap'). One at a time. */
  var card = null, link = null, how = '', describedBy = null;
  var openTimer = 0, closeTimer = 0, wanted = null, dismissed = null;
  var touched = null, tappedOpen = false; // the link a finger is on, and whether its card was open

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function capital(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

  /* label makes the marking of a card or of one of its briefings, as
     lists show it (issue 24): l is its text and colours. */
  function label(l) {
    var s = el('span', 'marking-label', l[0]);
    s.style.color = l[1];
    s.style.backgroundColor = l[2];
    return s;
  }

  /* build makes the card of entity d (see cards.go for its fields). */
  function build(key, d) {
    var kind = meta.kinds[d[0]] || ['', ''];
    var box = el('div', 'entity-card');
    box.id = 'entity-card';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', d[1]);

    var head = el('p', 'entity-card-name');
    if (d[2]) {
      // A country's flag (assets/flags/CODE.svg), or its code when the
      // theme has no flag for it.
      var flag = document.createElement('img');
      flag.className = 'flag';
      flag.alt = '';
      flag.width = 20;
      flag.height = 15;
      flag.onerror = function () {
        var code = el('span', 'flag-code', d[2].toUpperCase());
        code.setAttribute('aria-hidden', 'true');
        if (flag.parentNode) flag.parentNode.replaceChild(code, flag);
      };
      flag.src = root + 'assets/flags/' + d[2] + '.svg';
      head.appendChild(flag);
      head.appendChild(document.createTextNode(' '));
    }
    var name = el('a', '', d[1]);
    name.href = root + key + 'index.html';
    name.tabIndex = -1;
    head.appendChild(name);
    if (d[7]) {
      head.appendChild(document.createTextNode(' '));
      head.appendChild(label(d[7]));
    }
    box.appendChild(head);

    // The description screen readers hear with the link: kind and facts,
    // summary, count.
    var desc = el('div', 'entity-card-desc');
    desc.id = 'entity-card-desc';
    desc.appendChild(el('p', 'entity-card-facts', capital(kind[1]) + (d[3] ? ' · ' + d[3] : '')));
    if (d[4]) desc.appendChild(el('p', 'entity-card-summary', d[4]));
    var n = d[5];
    // The latest three briefings, leaving out this page.
    var latest = d[6].filter(function (b) { return b[0] !== herePath; });
    var self = latest.length < d[6].length, others = n - (self ? 1 : 0);
    latest = latest.slice(0, 3);
    var count = 'Named in ' + (n === 1 ? '1 briefing' : n.toLocaleString('en') + ' briefings');
    if (n === 0) count = 'Named in no briefing yet.';
    else if (others === 0) count = 'Named in this briefing only.';
    else if (self) count += others > latest.length ? '; besides this one, the latest:' : ': this one and';
    else count += others > latest.length ? ', the latest:' : ':';
    desc.appendChild(el('p', 'entity-card-count', count));
    box.appendChild(desc);

    if (latest.length) {
      var ul = el('ul', 'entity-card-latest');
      ul.setAttribute('aria-label', 'Latest briefings');
      latest.forEach(function (b) {
        var li = el('li'), a = el('a', '', b[1]);
        a.href = root + b[0] + 'index.html';
        a.tabIndex = -1;
        li.appendChild(a);
        if (b[4]) {
          li.appendChild(document.createTextNode(' '));
          li.appendChild(label(b[4]));
        }
        li.appendChild(document.createTextNode(' '));
        var t = el('time', '', b[3]);
        t.dateTime = b[2];
        li.appendChild(t);
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }

    var hint = el('p', 'entity-card-hint', '↓ to the links of this card · Esc to close');
    hint.setAttribute('aria-hidden', 'true');
    box.appendChild(hint);

    var close = el('button', 'entity-card-close', '×');
    close.type = 'button';
    close.tabIndex = -1;
    close.setAttribute('aria-label', 'Close');
    close.addEventListener('click', function () { hide(true); });
    box.appendChild(close);
    return box;
  }

  /* show opens the card of a (closing any other) once its data is
     loaded, unless something else was asked for meanwhile. */
  function show(a, by) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (card && link === a) {
      if (by === 'focus' || by === 'tap') setHow(by);
      return;
    }
    wanted = a;
    var key = keyOf(a);
    cardData(key).then(function (d) {
      if (wanted !== a || !d) return;
      hide(false);
      link = a;
      card = build(key, d);
      setHow(by);
      a.insertAdjacentElement('afterend', card);
      describedBy = a.getAttribute('aria-describedby');
      a.setAttribute('aria-describedby', (describedBy ? describedBy + ' ' : '') + 'entity-card-desc');
      place();
    }, function () { /* no card data: the link stays a plain link */ });
  }

  function setHow(by) {
    how = by;
    card.classList.toggle('entity-card-keyboard', by === 'focus');
    card.classList.toggle('entity-card-tap', by === 'tap');
  }

  /* hide closes the card; with refocus, focus goes back to its link
     when it was in the card. */
  function hide(refocus) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    wanted = null;
    if (!card) return;
    var inside = card.contains(document.activeElement);
    if (describedBy) link.setAttribute('aria-describedby', describedBy); else link.removeAttribute('aria-describedby');
    card.parentNode.removeChild(card);
    if (refocus && inside) link.focus({ preventScroll: true });
    card = null;
    link = null;
    describedBy = null;
  }

  /* place puts the card under its link (over it when there is no room
     below), inside the window. */
  function place() {
    if (!card) return;
    var r = link.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    if (r.bottom < 0 || r.top > vh) { hide(false); return; }
    var w = card.offsetWidth, h = card.offsetHeight;
    var top = r.bottom + GAP;
    if (top + h > vh - GAP && r.top - GAP - h >= GAP) top = r.top - GAP - h;
    var side = vw < 480 ? 12 : GAP; // the card nearly fills a phone: even margins
    card.style.left = Math.max(side, Math.min(r.left, vw - w - side)) + 'px';
    card.style.top = top + 'px';
  }

  function within(node) {
    return !!node && ((link && link.contains(node)) || (card && card.contains(node)));
  }

  // Mouse and pen: open after a short rest, close a moment after leaving
  // both the link and the card, so the pointer can travel to the card.
  document.addEventListener('pointerover', function (e) {
    if (e.pointerType === 'touch') return;
    if (within(e.target)) { clearTimeout(closeTimer); return; }
    var a = entityLink(e.target);
    if (!a || a === dismissed) return;
    cardData(keyOf(a)); // start loading now
    clearTimeout(openTimer);
    openTimer = setTimeout(function () { show(a, 'hover'); }, OPEN_DELAY);
  });
  document.addEventListener('pointerout', function (e) {
    if (e.pointerType === 'touch') return;
    var a = entityLink(e.target);
    if (a && a.contains(e.relatedTarget)) return; // still on the link
    if (a && a === dismissed) dismissed = null;
    if (a && a !== link) {
      clearTimeout(openTimer);
      if (wanted === a) wanted = null;
    }
    if (card && how === 'hover' && within(e.target) && !within(e.relatedTarget)) {
      clearTimeout(closeTimer);
      closeTimer = setTimeout(function () { hide(false); }, CLOSE_DELAY);
    }
  });

  // Keyboard: focus opens at once; leaving link and card closes.
  document.addEventListener('focusin', function (e) {
    if (within(e.target)) return;
    var a = entityLink(e.target);
    if (a) { show(a, 'focus'); return; }
    if (card && how !== 'hover') hide(false);
  });
  document.addEventListener('focusout', function (e) {
    if (!e.relatedTarget && card && how === 'focus' && within(e.target)) {
      // Focus went nowhere (a click on the page): close with it.
      setTimeout(function () { if (card && !within(document.activeElement)) hide(false); }, 0);
    }
  });
  document.addEventListener('keydown', function (e) {
    if (!card) return;
    if (e.key === 'Escape') {
      dismissed = link;
      hide(true);
      e.preventDefault();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    var links = Array.prototype.slice.call(card.querySelectorAll('a'));
    var i = links.indexOf(document.activeElement);
    if (document.activeElement === link && e.key === 'ArrowDown') {
      links[0].focus();
    } else if (i >= 0) {
      if (e.key === 'ArrowDown' && i + 1 < links.length) links[i + 1].focus();
      else if (e.key === 'ArrowUp') (i > 0 ? links[i - 1] : link).focus();
    } else {
      return;
    }
    e.preventDefault();
  });

  // Touch: the first tap on a link shows its card, the second follows
  // it; a tap elsewhere closes the card.
  document.addEventListener('pointerdown', function (e) {
    touched = e.pointerType === 'touch' ? entityLink(e.target) : null;
    // Focus (which a tap may give the link) opens the card before the
    // click: what counts is whether it was open before the finger came.
    tappedOpen = !!touched && !!card && link === touched;
    if (e.pointerType === 'touch' && card && !within(e.target)) hide(false);
  }, true);
  document.addEventListener('click', function (e) {
    var a = entityLink(e.target), t = touched;
    touched = null;
    if (!a || a !== t || tappedOpen) return;
    e.preventDefault();
    show(a, 'tap');
  }, true);

  var queued = false;
  function replace() {
    if (queued || !card) return;
    queued = true;
    requestAnimationFrame(function () { queued = false; place(); });
  }
  window.addEventListener('scroll', replace, { passive: true });
  window.addEventListener('resize', replace);

  /* preload loads, when the page is idle, the shards of the page's own
     entity links in the order they come, within PRELOAD bytes: the
     cards a reader is likely to open are then ready. */
  function preload() {
    var want = [], bytes = 0;
    var links = document.querySelectorAll('main a[href]');
    for (var i = 0; i < links.length && bytes < PRELOAD; i++) {
      var key = keyOf(links[i]);
      if (!key) continue;
      var s = shardOf(key);
      if (want.indexOf(s) >= 0) continue;
      if (bytes + meta.sizes[s] > PRELOAD) break;
      want.push(s);
      bytes += meta.sizes[s];
    }
    want.forEach(function (s) { load(s + '.js').catch(function () {}); });
  }

  load('meta.js').then(function () {
    meta.kinds.forEach(function (k) { kinds[k[0]] = true; });
    var path = location.href.split(/[?#]/)[0];
    try { path = decodeURIComponent(path.lastIndexOf(root, 0) === 0 ? path.slice(root.length) : ''); } catch (e) { path = ''; }
    herePath = path.replace(/index\.html$/, '');
    var m = /^([^/]+)\/([^/]+)\/$/.exec(herePath);
    if (m) here = herePath;
    (window.requestIdleCallback || function (f) { setTimeout(f, 200); })(preload);
  }, function () { /* no cards on this site */ });
})();
