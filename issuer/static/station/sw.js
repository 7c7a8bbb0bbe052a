/* The venue station page's service worker (SPEC §16.2): keeps the page, its
 * script, the card core and the stylesheet so that the station opens and
 * scans with no network at all. Cache first for those files; everything
 * else (the trust bundle, key registration, reports) goes to the network
 * untouched, so the page's own rules decide what to do when it fails.
 * A new release has a new VERSION: this worker is replaced and the old
 * cache deleted. */
'use strict';

const VERSION = "__AK_VERSION__";
const CACHE = 'ak-station-' + VERSION;
const PREFIX = 'ak-station-';
const FILES = ["__AK_FILES__"];
const FETCH = { cache: 'no-cache', credentials: 'omit' };

function keyOf(path) { return new URL(path, self.location.origin).href; }

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(FILES.map(async (f) => {
      const res = await fetch(f, FETCH);
      if (!res.ok) { throw new Error(f + ': ' + res.status); }
      await cache.put(keyOf(f), res);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) { await caches.delete(name); }
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') { return; }
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) { return; }
  /* The page under any query (?lang=en) is the page; the set-up code is in
   * the fragment, never part of a request. */
  const path = url.pathname === '/stasjon' ? url.pathname + url.search : url.pathname;
  const known = FILES.includes(path) || url.pathname === '/stasjon';
  if (!known) { return; }
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(keyOf(path)) || (url.pathname === '/stasjon' ? await cache.match(keyOf('/stasjon')) : undefined);
    if (hit) { return hit; }
    const res = await fetch(req);
    if (res.ok) { await cache.put(keyOf(path), res.clone()); }
    return res;
  })());
});
