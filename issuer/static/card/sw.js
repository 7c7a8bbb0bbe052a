/* The phone card's service worker (SPEC §12.4): keeps the card page and its
 * assets so that the card opens from the phone alone. Showing the card is
 * silent: a stored card opens from the cache and sends nothing to the
 * server. A cached page is fetched again (for the published keys and card
 * types it carries) at most once a day, and never at an open: only when the
 * page asks, after the card has been on screen for a minute (or at once
 * for a card just added whose key or card type the cached page lacks).
 *
 * The blocked list (/k/revoked: the latest bundle's whole revoked list, the
 * same for every phone) is kept with the pages and fetched again with a
 * page's refresh, never at an open. The list of offers (/tilbud in each
 * language, and its stylesheet) is kept too, so that the card's link to it
 * works offline: fetched when the worker installs and whenever the family
 * opens it online; the kept copy answers only when the network does not.
 *
 * It handles only GET requests for /k and /K (any query; /K is kept as /k),
 * the /k/ assets and the manifest, /k/revoked, /tilbud and its stylesheet,
 * and the page's refresh message. Everything else passes through
 * untouched. Nothing the family keeps on the phone (cards, nicknames) is
 * in any of its requests. The token is in the address's
 * fragment, which is never part of a request, so it never reaches this
 * worker or the server. */
'use strict';

const VERSION = "__AK_VERSION__";
const CACHE = 'ak-card-' + VERSION;
const PREFIX = 'ak-card-';
const LANGS = ["__AK_LANGS__"];
const ASSETS = ["__AK_ASSETS__"];
/* The bare /k (negotiated from the browser's languages) and one page per language. */
const PAGES = ['/k'].concat(LANGS.map((l) => '/k?lang=' + l));
/* The blocked list (SPEC §12.2). */
const REVOKED = '/k/revoked';
/* The list of offers in each language, and its stylesheet. */
const OFFERS = LANGS.map((l) => '/tilbud?lang=' + l);
const OFFERS_CSS = '/static/family.css';
/* A cached page's header: when this worker stored it (ms since 1970, the phone's clock). */
const STORED = 'x-ak-stored';
/* The page's header naming the version of the page and its assets (SPEC §12.4). */
const PAGE_VERSION = 'x-ak-card-version';
const REFRESH_MS = 24 * 60 * 60 * 1000;
/* The worker's own fetches: revalidated, and without cookies (a staff
 * member's session cookie for this origin never goes with them). */
const FETCH = { cache: 'no-cache', credentials: 'omit' };

/* A copy of a page answer with the time it was stored. */
async function stamped(res, now) {
  const headers = new Headers(res.headers);
  headers.set(STORED, String(now));
  const body = await res.blob();
  return new Response(body, { status: res.status, statusText: res.statusText, headers: headers });
}

function keyOf(path) { return new URL(path, self.location.origin).href; }

async function precache() {
  const cache = await caches.open(CACHE);
  const get = async (path) => {
    const res = await fetch(new Request(path, FETCH));
    if (!res.ok) { throw new Error(path + ': ' + res.status); }
    return res;
  };
  const now = Date.now();
  await Promise.all(PAGES.map(async (p) => cache.put(keyOf(p), await stamped(await get(p), now))));
  await Promise.all(ASSETS.map(async (a) => cache.put(keyOf(a), await get(a))));
  await cache.put(keyOf(REVOKED), await get(REVOKED));
  // The offers are a convenience: a failure does not stop the card.
  await Promise.all(OFFERS.concat([OFFERS_CSS]).map(async (o) => {
    try { await cache.put(keyOf(o), await get(o)); } catch (e) { /* kept at the next visit online */ }
  }));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
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

/* The cached page for an address: the same address; else (bare /k) the
 * cached bare /k; else the bokmål page. `{key, res}` or null. */
async function fromCache(cache, url) {
  const keys = [pageKey(url)];
  if (url.search === '') { keys.push(keyOf('/k')); }
  keys.push(keyOf('/k?lang=nb'));
  for (const key of keys) {
    const res = await cache.match(key, MATCH);
    if (res) { return { key: key, res: res }; }
  }
  return null;
}

/* Whether a cached page is due for its refresh: stored a day ago or
 * more, or at a time after now (the clock was set back). */
function due(res, now) {
  const at = Number(res.headers.get(STORED));
  return !(at > 0 && now >= at && now - at < REFRESH_MS);
}

/* The refresh of one cached page. A page of another version (the server
 * has a new release) is not mixed with this version's assets: the worker
 * checks for its own update instead, which replaces the whole cache. A page
 * the server answered is not asked for again before a day has passed,
 * whatever the answer; a failed connection is tried at the next request.
 * Whether the cached page's content changed. */
async function refresh(cache, key, old) {
  let res;
  try {
    res = await fetch(new Request(key, FETCH));
  } catch (e) {
    return false;
  }
  const now = Date.now();
  if (res.ok && res.type === 'basic' && res.headers.get(PAGE_VERSION) === VERSION) {
    const fresh = await stamped(res, now);
    const changed = (await fresh.clone().text()) !== (await old.clone().text());
    await cache.put(key, fresh);
    const listChanged = await refreshList(cache);
    return changed || listChanged;
  }
  await cache.put(key, await stamped(old, now));
  if (res.ok && res.headers.get(PAGE_VERSION) !== VERSION) {
    // Past the HTTP cache (the worker is served with max-age, SPEC §12.4).
    await fetch('/sw.js', { cache: 'reload', credentials: 'omit' }).catch(() => {});
    await self.registration.update().catch(() => {});
  }
  return false;
}

/* Fetch the blocked list again with a page's refresh (conditional: an
 * unchanged list is a 304 that the browser answers from its HTTP cache).
 * Whether it changed. A failure keeps the list the worker has. */
async function refreshList(cache) {
  try {
    const res = await fetch(new Request(REVOKED, FETCH));
    if (!res.ok || res.type !== 'basic') { return false; }
    const old = await cache.match(keyOf(REVOKED), MATCH);
    const tag = res.headers.get('etag');
    const changed = !old || !tag || old.headers.get('etag') !== tag;
    await cache.put(keyOf(REVOKED), res);
    return changed;
  } catch (e) {
    return false;
  }
}

/* The page's request (SPEC §12.4): refresh the cached page at `page` (a
 * path and query of this origin, never a fragment) if it is a day old, or
 * at once when `now` (a card just added that the cached page cannot show).
 * The browser's own check for a new worker is made at the same moment, so
 * that it is not due at the next open. Answers the page with whether the
 * cached page changed. */
async function refreshAsked(data, source) {
  if (typeof data.page !== 'string' || !data.page.startsWith('/')) { return; }
  const url = new URL(data.page, self.location.origin);
  if (url.origin !== self.location.origin || (url.pathname !== '/k' && url.pathname !== '/K')) { return; }
  const cache = await caches.open(CACHE);
  const hit = await fromCache(cache, url);
  let changed = false;
  if (hit && (data.now === true || due(hit.res, Date.now()))) {
    changed = await refresh(cache, hit.key, hit.res.clone());
    await self.registration.update().catch(() => {});
  }
  if (source) { source.postMessage({ type: 'ak-refreshed', changed: changed }); }
}

self.addEventListener('message', (event) => {
  const data = event.data;
  if (data && data.type === 'ak-refresh') {
    event.waitUntil(refreshAsked(data, event.source).catch(() => {}));
  }
});

/* Pages: from the cache, never refreshed at an open; the network only for
 * an address with no cached page at all. */
async function page(event, url) {
  const cache = await caches.open(CACHE);
  const hit = await fromCache(cache, url);
  if (hit) { return hit.res; }
  const res = await fetch(event.request);
  if (res.ok && res.type === 'basic') {
    const copy = res.clone();
    event.waitUntil(stamped(copy, Date.now()).then((s) => cache.put(pageKey(url), s)).catch(() => {}));
  }
  return res;
}

/* Assets: from the cache (they belong to this worker's version); the
 * network only for one missing from it. */
async function asset(event, url) {
  const cache = await caches.open(CACHE);
  const key = keyOf(url.pathname);
  const hit = await cache.match(key, MATCH);
  if (hit) { return hit; }
  const res = await fetch(key, FETCH);
  if (res.ok) {
    const copy = res.clone();
    event.waitUntil(cache.put(key, copy).catch(() => {}));
  }
  return res;
}

/* The list of offers and its stylesheet: the network first (the family
 * asked for it), keeping a copy of a page of one language; the kept copy
 * when the network fails (the page's language, else bokmål). */
async function offers(event, url) {
  const cache = await caches.open(CACHE);
  const lang = url.searchParams.get('lang');
  const canonical = url.pathname === OFFERS_CSS ? OFFERS_CSS : (LANGS.indexOf(lang) >= 0 ? '/tilbud?lang=' + lang : null);
  try {
    const res = await fetch(event.request);
    if (res.ok && res.type === 'basic' && canonical && keyOf(canonical) === url.href) {
      const copy = res.clone();
      event.waitUntil(cache.put(keyOf(canonical), copy).catch(() => {}));
    }
    return res;
  } catch (e) {
    const kept = url.pathname === OFFERS_CSS ? [OFFERS_CSS] : [url.href, canonical, '/tilbud?lang=nb'];
    for (const key of kept) {
      if (!key) { continue; }
      const hit = await cache.match(keyOf(key), MATCH);
      if (hit) { return hit; }
    }
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') { return; }
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname === '/k' || url.pathname === '/K') {
    event.respondWith(page(event, url));
  } else if (ASSETS.indexOf(url.pathname) >= 0 || url.pathname === REVOKED) {
    event.respondWith(asset(event, url));
  } else if (url.pathname === '/tilbud' || url.pathname === OFFERS_CSS) {
    event.respondWith(offers(event, url));
  }
});
