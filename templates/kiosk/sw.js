/* The service worker of the kiosk or of the hall display (kiosk/shell.py):
 * keeps their static files and their offline page, and shows that page
 * instead of the browser's error page when an address in its scope cannot
 * be loaded. Forms are not its business: steady.js sends them again until
 * the server answers. Files whose address matches KEPT_WHEN_USED (the
 * display's recorded call clips, whose addresses name their content) are
 * kept once loaded, or when the page names them. */
'use strict';

var PREFIX = 'bangban-' + {{ name|tojson }} + '-';
var CACHE = PREFIX + {{ version|tojson }};
var ASSETS = {{ assets|tojson }};
var PAGES = {{ pages|tojson }};
var DEFAULT_LANGUAGE = {{ default|tojson }};
// Where the language shown last is kept, for the next start.
var LANGUAGE_KEY = {{ (pages[default] ~ '?language')|tojson }};
var UNAVAILABLE = [502, 503, 504];
var KEPT_WHEN_USED = {{ kept_when_used|tojson }};
var keptWhenUsed = KEPT_WHEN_USED ? new RegExp(KEPT_WHEN_USED) : null;

function pathOf(url) {
  var parsed = new URL(url, self.location.href);
  return parsed.origin === self.location.origin ? parsed.pathname + parsed.search : null;
}

function isKeptWhenUsed(url) {
  var path = pathOf(url);
  return Boolean(keptWhenUsed && path && keptWhenUsed.test(path));
}

/* A file kept once used: from the cache, else loaded whole (without the
 * media element's Range header, whose partial answer cannot be kept) and
 * kept. */
function keptOrLoaded(path) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(path).then(function (kept) {
      if (kept) { return kept; }
      return fetch(new Request(path, { credentials: 'omit' })).then(function (response) {
        if (response.status === 200) {
          return cache.put(path, response.clone()).then(function () { return response; },
                                                        function () { return response; });
        }
        return response;
      });
    });
  });
}

function pageAddresses() {
  return Object.keys(PAGES).map(function (language) { return PAGES[language]; });
}

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // Without the terminal's cookies: the offline page needs none, and a
    // request of the worker must never write the terminal's session.
    var requests = ASSETS.concat(pageAddresses()).map(function (url) {
      return new Request(url, { credentials: 'omit', cache: 'reload' });
    });
    return cache.addAll(requests);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* A page tells which language the terminal or screen shows, or which files
 * to keep ahead of their use. */
self.addEventListener('message', function (event) {
  var keep = event.data && event.data.keep;
  if (Array.isArray(keep)) {
    event.waitUntil(Promise.all(keep.filter(isKeptWhenUsed).map(function (url) {
      return keptOrLoaded(pathOf(url)).catch(function () { /* kept when played */ });
    })));
    return;
  }
  var language = event.data && event.data.language;
  if (!Object.prototype.hasOwnProperty.call(PAGES, language)) { return; }
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.put(LANGUAGE_KEY, new Response(language));
  }));
});

function offlinePage() {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(LANGUAGE_KEY).then(function (stored) {
      return stored ? stored.text() : DEFAULT_LANGUAGE;
    }).then(function (language) {
      return cache.match(PAGES[language] || PAGES[DEFAULT_LANGUAGE]);
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).then(function (response) {
      if (UNAVAILABLE.indexOf(response.status) >= 0) {
        return offlinePage().then(function (page) { return page || response; });
      }
      return response;
    }, function (error) {
      return offlinePage().then(function (page) {
        if (!page) { throw error; }
        return page;
      });
    }));
    return;
  }
  var path = new URL(request.url).pathname + new URL(request.url).search;
  if (isKeptWhenUsed(request.url)) {
    event.respondWith(keptOrLoaded(path));
    return;
  }
  if (ASSETS.indexOf(path) >= 0) {
    event.respondWith(caches.match(path).then(function (kept) {
      return kept || fetch(request);
    }));
  }
});
