/* The phone card's service worker (SPEC §12.4): keeps the card page and its
 * assets so the card opens without a network.
 *
 * It handles only GET requests for /k and /K (any query; /K is kept as /k),
 * the /k/ assets and the manifest. Everything else passes through untouched.
 * The token is in the address's fragment, which is never part of a request,
 * so it never reaches this worker or the server. */
'use strict';

const VERSION = "__AK_VERSION__";
const CACHE = 'ak-card-' + VERSION;
const PREFIX = 'ak-card-';
const LANGS = ["__AK_LANGS__"];
const ASSETS = ["__AK_ASSETS__"];
const PAGES = LANGS.map((l) => '/k?lang=' + l);
const NETWORK_TIMEOUT_MS = 3000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PAGES.concat(ASSETS).map((u) => new Request(u, { cache: 'no-cache' }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

/* The cache key of a page: same origin, /K as /k, no fragment. */
function pageKey(url) {
  const u = new URL(url.href);
  u.hash = '';
  if (u.pathname === '/K') { u.pathname = '/k'; }
  return u.href;
}

const MATCH = { ignoreVary: true };

async function fromCache(cache, url) {
  const key = pageKey(url);
  const hit = await cache.match(key, MATCH);
  if (hit) { return hit; }
  if (url.search === '') {
    const bare = await cache.match(self.location.origin + '/k', MATCH);
    if (bare) { return bare; }
  }
  return cache.match(self.location.origin + '/k?lang=nb', MATCH);
}

/* Pages: network first (3 s), keeping what the network gives; else the
 * cached copy of the same address; else the cached bokmål page. */
async function page(event, url) {
  const cache = await caches.open(CACHE);
  const network = fetch(event.request).then((res) => {
    if (res.ok && res.type === 'basic') {
      event.waitUntil(cache.put(pageKey(url), res.clone()).catch(() => {}));
    }
    return res;
  });
  network.catch(() => {});
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), NETWORK_TIMEOUT_MS); });
  try {
    const res = await Promise.race([network, timeout]);
    clearTimeout(timer);
    if (res.ok) { return res; }
    const cached = await fromCache(cache, url);
    return cached || res;
  } catch (e) {
    clearTimeout(timer);
    const cached = await fromCache(cache, url);
    if (cached) { return cached; }
    return network;
  }
}

/* Assets: from the cache at once, refreshed in the background. */
async function asset(event, url) {
  const cache = await caches.open(CACHE);
  const key = self.location.origin + url.pathname;
  const hit = await cache.match(key, MATCH);
  const refresh = fetch(key, { cache: 'no-cache' })
    .then((res) => (res.ok ? cache.put(key, res.clone()).then(() => res) : res));
  if (hit) {
    event.waitUntil(refresh.catch(() => {}));
    return hit;
  }
  return refresh;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') { return; }
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname === '/k' || url.pathname === '/K') {
    event.respondWith(page(event, url));
  } else if (ASSETS.indexOf(url.pathname) >= 0) {
    event.respondWith(asset(event, url));
  }
});
