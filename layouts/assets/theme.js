/* The light/dark toggle. Loaded in <head>, before the page is drawn, so
   that a reader's choice applies without a flash of the other scheme: it
   sets data-theme="light" or "dark" on <html> (style.css turns that into
   color-scheme), remembered in localStorage, which Chromium and Firefox
   keep for pages opened from disk too. Without a stored choice the page
   follows the system. Without JavaScript there is no button, and the
   page follows the system. It also writes the date into the print
   edition's line (.print-date), so a printed page says when it was
   printed; the line is shown only in print. */
(function () {
  'use strict';
  var key = 'briefings-theme', root = document.documentElement;
  function stored() {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function current() {
    var t = root.getAttribute('data-theme');
    if (t === 'light' || t === 'dark') return t;
    return window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  var t = stored();
  if (t === 'light' || t === 'dark') root.setAttribute('data-theme', t);

  function label(button) {
    var dark = current() === 'dark';
    button.setAttribute('aria-pressed', dark ? 'true' : 'false');
    button.title = dark ? 'Dark theme (switch to light)' : 'Light theme (switch to dark)';
    button.firstChild.textContent = dark ? '\u263E' : '\u2600';
  }

  document.addEventListener('DOMContentLoaded', function () {
    var nav = document.querySelector('.site-header nav');
    if (nav) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'theme-toggle';
      button.setAttribute('aria-label', 'Dark theme');
      var icon = document.createElement('span');
      icon.setAttribute('aria-hidden', 'true');
      button.appendChild(icon);
      label(button);
      button.addEventListener('click', function () {
        var next = current() === 'dark' ? 'light' : 'dark';
        root.setAttribute('data-theme', next);
        try { localStorage.setItem(key, next); } catch (e) { /* not remembered: private mode */ }
        label(button);
      });
      if (window.matchMedia) {
        matchMedia('(prefers-color-scheme: dark)').addEventListener('change', function () { label(button); });
      }
      nav.appendChild(button);
    }
    var today = new Date();
    var months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    document.querySelectorAll('.print-date').forEach(function (el) {
      el.textContent = ' · Printed ' + today.getDate() + ' ' + months[today.getMonth()] + ' ' + today.getFullYear();
    });
  });
}());
