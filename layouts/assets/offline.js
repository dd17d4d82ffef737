/* briefings offline reading, on a web host only: registers the service
   worker (sw.js at the site root, so that it controls every page) and
   links the web app manifest. From disk (file://) it does nothing: the
   whole site is already there, and Chromium refuses to load a manifest
   from file://, logging an error on every page. */
(function () {
  'use strict';
  if (!/^https?:$/.test(location.protocol)) return;
  var root = document.currentScript.src.replace(/assets\/offline\.js(\?.*)?$/, '');
  var link = document.createElement('link');
  link.rel = 'manifest';
  link.href = root + 'manifest.webmanifest';
  document.head.appendChild(link);
  if ('serviceWorker' in navigator) navigator.serviceWorker.register(root + 'sw.js');
})();
