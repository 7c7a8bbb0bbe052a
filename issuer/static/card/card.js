/* The phone card (SPEC §12): reads the card from the address's fragment,
 * keeps it in this browser's local storage, and draws it.
 *
 * The token never leaves the phone: this script makes no request with it
 * (no fetch, no XHR, no beacon, no image), sets no cookie and loads nothing
 * from elsewhere. Its one fetch is the blocked list (/k/revoked), the same
 * whole list for every phone, which the service worker answers from its
 * cache. A card's nickname is kept in local storage only and is never
 * sent. The fragment is removed from the address bar once the card is
 * stored. The signature check here is advisory: the venue's
 * verifier decides.
 *
 * Reading, checking and drawing a card is done by the card core: the same
 * Rust code as the venue's (`shared`), compiled to WebAssembly
 * (/k/card_wasm_bg.wasm, loaded by /k/card_wasm.js, globalThis.wasm_bindgen,
 * before this script). A classic script: no modules, no build step. */
(function () {
  'use strict';

  var CORE_WASM = '/k/card_wasm_bg.wasm';
  if (typeof wasm_bindgen !== 'function') { noCore(); return; }
  wasm_bindgen({ module_or_path: CORE_WASM }).then(function () { main(wasm_bindgen); }, noCore);

  /* This browser cannot run the card core (too old, or WebAssembly turned
   * off): say so instead of showing a card that was not read. */
  function noCore() {
    var none = document.getElementById('no-core');
    if (none) { none.hidden = false; }
    document.body.setAttribute('data-ready', 'no-core');
  }

  function main(core) {

    var doc = document;
    var LS_CARDS = 'ak.cards';
    var LS_CURRENT = 'ak.current';
    var LS_LANG = 'ak.lang';
    /* Nicknames a family gave its cards: {token id (hex): name}. On this
     * phone only: never in a request, never in the worker's messages. */
    var LS_NAMES = 'ak.nicknames';

    function $(id) { return doc.getElementById(id); }
    function show(el, on) { if (el) { el.hidden = !on; } }

    /* Local storage, or null when the browser refuses it (private modes,
     * storage switched off). */
    var store = (function () {
      try {
        var s = window.localStorage;
        s.setItem('ak.probe', '1');
        s.removeItem('ak.probe');
        return s;
      } catch (e) {
        return null;
      }
    })();

    var langTags = Array.prototype.map.call(doc.querySelectorAll('nav.langs a[data-lang]'), function (a) {
      return a.getAttribute('data-lang');
    });

    /* A language chosen earlier with the switcher wins over the browser's
     * (the server only sees Accept-Language). The fragment goes along. */
    function chosenLanguageElsewhere() {
      if (!store) { return false; }
      var chosen = store.getItem(LS_LANG);
      var path = location.pathname;
      var hasLang = /(^|[?&])lang=/.test(location.search.slice(1));
      if ((path === '/k' || path === '/K') && !hasLang && chosen && langTags.indexOf(chosen) >= 0 &&
          chosen !== doc.documentElement.lang) {
        location.replace('/k?lang=' + encodeURIComponent(chosen) + location.hash);
        return true;
      }
      return false;
    }
    if (chosenLanguageElsewhere()) { return; }

    Array.prototype.forEach.call(doc.querySelectorAll('nav.langs a[data-lang]'), function (a) {
      a.addEventListener('click', function () {
        if (store) {
          try { store.setItem(LS_LANG, a.getAttribute('data-lang')); } catch (e) { /* full or refused */ }
        }
      });
    });

    var trust = { keys: [], card_types: [] };
    try { trust = JSON.parse($('card-data').textContent); } catch (e) { /* keep empty */ }

    var trustText = JSON.stringify(trust);

    /* A card from its decimal text, read and checked by the core (SPEC
     * §12.2): {digits, parsed}, or null if the link is damaged (not a card,
     * or a known key's signature does not match). */
    function cardOf(text) {
      try {
        var parsed = JSON.parse(core.read_card(text, trustText));
        return parsed.damaged ? null : { digits: text, parsed: parsed };
      } catch (e) {
        return null;
      }
    }

    function loadCards() {
      if (!store) { return []; }
      var list = [];
      try { list = JSON.parse(store.getItem(LS_CARDS) || '[]'); } catch (e) { list = []; }
      if (!Array.isArray(list)) { list = []; }
      var out = [];
      list.forEach(function (digits) {
        if (typeof digits !== 'string') { return; }
        var c = cardOf(digits);
        if (c && !out.some(function (o) { return o.parsed.token_id === c.parsed.token_id; })) {
          out.push(c);
        }
      });
      return out;
    }

    function saveCards() {
      if (!store) { return false; }
      try {
        store.setItem(LS_CARDS, JSON.stringify(cards.map(function (c) { return c.digits; })));
        if (current) { store.setItem(LS_CURRENT, current); } else { store.removeItem(LS_CURRENT); }
        return true;
      } catch (e) {
        return false;
      }
    }

    var cards = loadCards();
    var current = store ? store.getItem(LS_CURRENT) : null;

    var names = (function () {
      if (!store) { return {}; }
      try {
        var n = JSON.parse(store.getItem(LS_NAMES) || '{}');
        return n && typeof n === 'object' && !Array.isArray(n) ? n : {};
      } catch (e) {
        return {};
      }
    })();

    function nicknameOf(c) {
      var n = names[c.parsed.token_id];
      return typeof n === 'string' ? n : '';
    }

    /* Give card `c` the nickname `name` (an empty one removes it). */
    function setNickname(c, name) {
      name = String(name).replace(/\s+/g, ' ').trim().slice(0, 40);
      if (name) { names[c.parsed.token_id] = name; } else { delete names[c.parsed.token_id]; }
      if (!store) { return; }
      try { store.setItem(LS_NAMES, JSON.stringify(names)); } catch (e) { /* full or refused */ }
    }

    /* The blocked list (SPEC §12.2): the latest bundle's whole revoked list,
     * as the bundle holds it, fetched once per page load. The service worker
     * answers from its cache (the last list it learned, also offline); the
     * network only before the worker is in control. A Uint8Array, or null. */
    var blockedList = null;
    function blockedOf(c) {
      if (!blockedList) {
        blockedList = (typeof fetch === 'function'
          ? fetch('/k/revoked', { credentials: 'omit' }).then(function (r) {
            return r.ok ? r.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : null;
          })
          : Promise.resolve(null)).catch(function () { return null; });
      }
      /* true, false, or undefined when the list is missing or unreadable. */
      return blockedList.then(function (list) {
        if (!list) { return undefined; }
        try { return core.is_blocked(c.digits, list); } catch (e) { return undefined; }
      });
    }

    function pad(n) { return (n < 10 ? '0' : '') + n; }

    function formatDay(day) {
      var ymd = core.day_ymd(day);
      try {
        var f = new Intl.DateTimeFormat(doc.documentElement.lang, { dateStyle: 'medium', timeZone: 'UTC' });
        return f.format(new Date(Date.UTC(ymd[0], ymd[1] - 1, ymd[2])));
      } catch (e) {
        return pad(ymd[2]) + '.' + pad(ymd[1]) + '.' + ymd[0];
      }
    }

    function fillSlots(root, values) {
      Array.prototype.forEach.call(root.querySelectorAll('[data-slot]'), function (el) {
        var v = values[el.getAttribute('data-slot')];
        if (v !== undefined) { el.textContent = v; }
      });
    }

    function typeSection(id) {
      return doc.querySelector('section.uses[data-card-type="' + Number(id) + '"]');
    }

    function typeName(id) {
      var s = typeSection(id);
      return s ? s.getAttribute('data-name') : '';
    }

    function setState(name, on) {
      show(doc.querySelector('#card [data-state="' + name + '"]'), on);
    }

    /* The core's (advisory) check of a card, made when it was read: 'checked'
     * or 'unknown-key' (SPEC §12.2). */
    function checkCard(p) {
      return Promise.resolve(p.check);
    }

    var renderCount = 0;

    function drawQr(c, number) {
      var box = $('qr');
      box.innerHTML = core.qr_svg(c.digits);
      box.setAttribute('role', 'img');
      box.setAttribute('aria-label', $('number-label').textContent + ' ' + number);
    }

    function renderSwitcher(cur) {
      var many = cards.length > 1;
      show($('switcher'), many);
      var box = $('switch-buttons');
      box.textContent = '';
      if (!many) { return; }
      var tpl = $('tpl-switch');
      cards.forEach(function (c) {
        var number = c.parsed.card_number;
        var b = doc.createElement('button');
        b.type = 'button';
        b.className = 'switch';
        b.setAttribute('data-number', number);
        b.setAttribute('aria-pressed', c === cur ? 'true' : 'false');
        var label = doc.createElement('span');
        label.appendChild(tpl.content.cloneNode(true));
        fillSlots(label, { number: number });
        b.title = label.textContent;
        var nick = nicknameOf(c);
        if (nick) {
          var k = doc.createElement('bdi');
          k.className = 'switch-nick';
          k.textContent = nick;
          b.appendChild(k);
          b.title = nick + ' · ' + b.title;
        }
        var num = doc.createElement('span');
        num.className = 'mono';
        num.dir = 'ltr';
        num.textContent = number;
        b.appendChild(num);
        var name = typeName(c.parsed.card_type);
        if (name) {
          var t = doc.createElement('bdi');
          t.className = 'switch-type';
          t.textContent = name;
          b.appendChild(t);
        }
        blockedOf(c).then(function (blocked) {
          if (blocked !== true) { return; }
          var mark = doc.createElement('span');
          mark.className = 'switch-blocked';
          mark.textContent = $('switcher').getAttribute('data-blocked-label');
          b.appendChild(mark);
          b.setAttribute('data-blocked', 'true');
        });
        b.addEventListener('click', function () {
          current = c.digits;
          saveCards();
          render();
          $('card').scrollIntoView({ block: 'start' });
        });
        box.appendChild(b);
      });
    }

    function render() {
      var seq = ++renderCount;
      var card = $('card');
      var cur = null;
      cards.forEach(function (c) { if (c.digits === current) { cur = c; } });
      if (!cur && cards.length) { cur = cards[0]; current = cur.digits; }
      Array.prototype.forEach.call(doc.querySelectorAll('section.uses'), function (s) { show(s, false); });
      if (!cur) {
        show(card, false);
        show($('none'), true);
        show($('switcher'), false);
        show($('card-actions'), false);
        show($('add-hint'), false);
        doc.body.setAttribute('data-ready', 'none');
        return;
      }
      show($('none'), false);
      show(card, true);
      show($('card-actions'), !!store && cards.length > 0);
      show($('add-hint'), true);
      var nick = nicknameOf(cur);
      $('card-nickname-text').textContent = nick;
      show($('card-nickname'), !!nick);
      $('nickname').value = nick;
      show($('nickname-remove'), !!nick);
      var p = cur.parsed;
      var number = p.card_number;
      $('card-number').textContent = number;
      card.setAttribute('data-token-type', String(p.card_type));
      var section = typeSection(p.card_type);
      $('card-type-name').textContent = section ? section.getAttribute('data-name') : '';
      show(section, !!section);
      var dates = { from: formatDay(p.valid_from), until: formatDay(p.valid_until) };
      fillSlots(card, dates);
      var today = core.today_oslo(Date.now());
      setState('expired', today > p.valid_until);
      setState('not-yet', today < p.valid_from);
      var unknownType = !section || !p.known_type;
      setState('unknown-type', unknownType);
      ['checked', 'unchecked', 'unknown-key', 'blocked'].forEach(function (s) { setState(s, false); });
      card.removeAttribute('data-blocked');
      show($('hint-brightness'), true);
      show($('hint-show'), true);
      show($('sig-damaged'), false);
      $('qr').textContent = '';
      card.removeAttribute('data-check');
      doc.body.removeAttribute('data-ready');
      renderSwitcher(cur);

      Promise.all([checkCard(p), blockedOf(cur)]).then(function (answers) {
        var check = answers[0];
        var blocked = answers[1] === true;
        if (seq !== renderCount) { return; }
        if (cur.digits === justAdded && (check === 'unknown-key' || unknownType)) {
          // A card just added that this cached page cannot show (a newer
          // key or card type): fetch the page now, and show it again.
          justAdded = null;
          reloadWhenRefreshed = askRefresh(true);
        }
        if (check === 'damaged') {
          show($('sig-damaged'), true);
        } else if (blocked) {
          // Blocked (the venue refuses it): no code, and what to do.
          setState('blocked', true);
          card.setAttribute('data-blocked', 'true');
          show($('hint-brightness'), false);
          show($('hint-show'), false);
        } else {
          setState(check, true);
          drawQr(cur, number);
        }
        card.setAttribute('data-check', check);
        doc.body.setAttribute('data-ready', 'card');
      });
    }

    /* The card in the address, if any: checked before it is kept, so that
     * a damaged link stores nothing. */
    /* The card taken from this load's address, if any. */
    var justAdded = null;
    /* Whether the page is shown again once the worker has refreshed it. */
    var reloadWhenRefreshed = false;

    /* Ask the service worker to refresh this page (SPEC §12.4): the path and
     * query only, never the fragment. Whether there was a worker to ask. */
    function askRefresh(now) {
      var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (!sw) { return false; }
      sw.postMessage({ type: 'ak-refresh', page: location.pathname + location.search, now: now });
      return true;
    }

    /* The daily refresh is asked for only once the card has been on screen
     * for a minute without a break, never when it is opened: showing the card
     * at a till and putting the phone away sends nothing (SPEC §12.4). */
    var DWELL_MS = 60 * 1000;
    var dwellTimer = null;
    var dwellAsked = false;
    function dwell() {
      if (dwellTimer !== null) { clearTimeout(dwellTimer); dwellTimer = null; }
      if (dwellAsked || doc.visibilityState !== 'visible') { return; }
      dwellTimer = setTimeout(function () {
        dwellTimer = null;
        dwellAsked = askRefresh(false);
      }, DWELL_MS);
    }

    function takeCardFromAddress() {
      if (location.hash.length <= 1) { return Promise.resolve(); }
      var fragment = location.hash.slice(1);
      try { fragment = decodeURIComponent(fragment).trim(); } catch (e) { fragment = ''; }
      var fromLink = /^[0-9]+$/.test(fragment) ? cardOf(fragment) : null;
      if (!fromLink) {
        show($('damaged'), true);
        return Promise.resolve();
      }
      return checkCard(fromLink.parsed).then(function (check) {
        if (check === 'damaged') {
          show($('damaged'), true);
          return;
        }
        justAdded = fromLink.digits;
        var same = cards.filter(function (c) { return c.parsed.token_id === fromLink.parsed.token_id; });
        if (same.length === 0) { cards.push(fromLink); } else { fromLink = same[0]; }
        current = fromLink.digits;
        if (saveCards()) {
          // Stored: take the card out of the visible address (and history).
          history.replaceState(null, '', location.pathname + location.search);
        } else {
          // Not stored: keep the link so that a bookmark still holds the card.
          cards = [fromLink];
          show($('storage-off'), true);
        }
      });
    }

    $('remove').addEventListener('click', function () {
      var msg = $('remove').getAttribute('data-confirm');
      if (!window.confirm(msg)) { return; }
      cards.forEach(function (c) { if (c.digits === current) { setNickname(c, ''); } });
      cards = cards.filter(function (c) { return c.digits !== current; });
      current = cards.length ? cards[0].digits : null;
      saveCards();
      render();
      // The card's full link can still be in the browser's history: say how
      // to remove it there too (SPEC §12.2).
      show($('removed'), true);
    });

    function currentCard() {
      var found = null;
      cards.forEach(function (c) { if (c.digits === current) { found = c; } });
      return found;
    }

    $('nickname-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var c = currentCard();
      if (!c) { return; }
      setNickname(c, $('nickname').value);
      $('nickname-box').open = false;
      render();
    });

    $('nickname-remove').addEventListener('click', function () {
      var c = currentCard();
      if (!c) { return; }
      setNickname(c, '');
      $('nickname-box').open = false;
      render();
    });

    function online() { show($('offline'), navigator.onLine === false); }
    window.addEventListener('online', online);
    window.addEventListener('offline', online);
    online();

    try {
      if (window.matchMedia && window.matchMedia('(display-mode: standalone)').matches) {
        show($('install'), false);
      }
    } catch (e) { /* old browser */ }

    takeCardFromAddress().then(render, render);
    // Another card's link opened on this page (only the fragment changes).
    window.addEventListener('hashchange', function () {
      show($('damaged'), false);
      show($('removed'), false);
      takeCardFromAddress().then(render, render);
    });

    if ('serviceWorker' in navigator) {
      // updateViaCache 'all': /sw.js comes with max-age=86400, so opening the
      // card checks the server for a new worker at most once a day (SPEC §12.4).
      navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'all' }).catch(function () { /* offline use only */ });
      navigator.serviceWorker.addEventListener('message', function (event) {
        var data = event.data;
        if (data && data.type === 'ak-refreshed' && data.changed === true && reloadWhenRefreshed) {
          reloadWhenRefreshed = false;
          location.reload();
        }
      });
      doc.addEventListener('visibilitychange', dwell);
      dwell();
    }
  }
})();
