/* The venue station page (SPEC §16): any phone or tablet is a station.
 *
 * The rules are the card core's (/k/card_wasm_bg.wasm: `shared`, the same
 * Rust code as the `verifier` binary, compiled to WebAssembly): the set-up
 * code, the trust bundle's signatures and rollback rule, the card, the
 * clock and staleness rules, the quotas and budgets, the answers' words,
 * the usage report's bytes and the QR decoder. This script keeps the state
 * in IndexedDB, talks to the camera, the network and WebCrypto, and shows
 * the answers.
 *
 * Stored here (IndexedDB `ak-station`): the set-up (bundle address, root
 * fingerprint, venue, the one-time registration code until used), the
 * installed bundle, a random secret for card pseudonyms, the latest time
 * seen, the station's key pair (Ed25519, the private key not extractable),
 * what reports were sent, and the visits: a card's pseudonym (HMAC of its
 * token id under the secret), benefit, card type, time and whether a
 * companion came. No token, card number or scanned text is stored or sent.
 * A classic script: no modules, no build step. */
(function () {
  'use strict';

  var doc = document;
  var LANG = doc.documentElement.lang === 'en' ? 'en' : 'nb';
  var CORE_WASM = '/k/card_wasm_bg.wasm';
  var DB_NAME = 'ak-station';
  var REFRESH_MS = 60 * 1000;
  var SAME_CODE_MS = 4000;
  /* A visit can be undone this long (as at the binary). */
  var UNDO_SECS = 300;
  var FETCH = { cache: 'no-cache', credentials: 'omit' };

  function $(id) { return doc.getElementById(id); }
  function show(el, on) { if (el) { el.hidden = !on; } }
  function ready(state) { doc.body.setAttribute('data-ready', state); }

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/stasjon/sw.js', { scope: '/stasjon' }).catch(function () {});
  }
  if (typeof wasm_bindgen !== 'function') { show($('no-core'), true); ready('no-core'); return; }
  wasm_bindgen({ module_or_path: CORE_WASM }).then(function () { main(wasm_bindgen); },
    function () { show($('no-core'), true); ready('no-core'); });

  function main(core) {
    var T = JSON.parse(core.station_texts(LANG));
    function t(id, args) { return args ? core.station_text(LANG, id, JSON.stringify(args)) : (T[id] || id); }
    Array.prototype.forEach.call(doc.querySelectorAll('[data-t]'), function (el) { el.textContent = t(el.getAttribute('data-t')); });

    var db = null;
    /* The station's state, as stored. */
    var st = { setup: null, bundle: null, secret: null, seen: 0, key: null, reports: {}, last: null, sound: true };
    var busy = false;
    var timer = null;
    var lastCode = { text: '', at: 0 };
    var lastVisit = null;

    function hex(bytes) {
      return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
    }
    function now() { return Date.now() / 1000; }
    function clock(at) {
      var d = new Date(at * 1000);
      return d.toLocaleTimeString(LANG === 'en' ? 'en-GB' : 'nb-NO', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo' });
    }

    /* IndexedDB: `state` (one record per key) and `visits`. */
    function openDb() {
      return new Promise(function (resolve, reject) {
        var req;
        try { req = indexedDB.open(DB_NAME, 1); } catch (e) { reject(e); return; }
        req.onupgradeneeded = function () {
          var d = req.result;
          d.createObjectStore('state', { keyPath: 'k' });
          var v = d.createObjectStore('visits', { keyPath: 'id', autoIncrement: true });
          v.createIndex('card', 'card');
          v.createIndex('benefit_day', ['benefit', 'day']);
          v.createIndex('day', 'day');
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
        req.onblocked = function () { reject(new Error('blocked')); };
      });
    }
    function put(rec) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction('state', 'readwrite');
        tx.objectStore('state').put(rec);
        tx.oncomplete = function () { resolve(); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    }
    function loadState() {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction('state', 'readonly');
        var req = tx.objectStore('state').getAll();
        req.onsuccess = function () {
          req.result.forEach(function (r) { st[r.k] = r.v; });
          resolve();
        };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    }
    function save(k, v) { st[k] = v; return put({ k: k, v: v }); }

    openDb().then(function (d) {
      db = d;
      return loadState();
    }).then(function () {
      if (navigator.storage && navigator.storage.persist) {
        navigator.storage.persist().then(function (granted) { show($('storage-note'), !granted); }, function () {});
      }
      if (!st.secret) {
        var secret = new Uint8Array(32);
        crypto.getRandomValues(secret);
        return save('secret', hex(secret));
      }
    }).then(start, function () {
      /* Private mode or storage denied: count nothing rather than wrongly. */
      show($('storage-refused'), true);
      ready('storage-refused');
    });

    function start() {
      var fromLink = '';
      try { fromLink = location.hash.length > 1 ? decodeURIComponent(location.hash.slice(1)) : ''; } catch (e) { fromLink = location.hash.slice(1); }
      if (fromLink) { history.replaceState(null, '', location.pathname + location.search); }
      if (fromLink && (!st.setup || fromLink.indexOf('aktivitetskort-setup:') === 0)) {
        setUp(fromLink);
      } else if (st.setup && st.bundle) {
        showStation();
      } else {
        showSetup();
      }
    }

    /* ---- Set-up ---- */

    function showSetup() {
      show($('setup'), true);
      show($('station'), false);
      ready('setup');
    }

    $('setup-form').addEventListener('submit', function (e) {
      e.preventDefault();
      setUp($('setup-text').value);
    });

    function setUp(text) {
      var msg = $('setup-msg');
      var s = JSON.parse(core.station_setup(text, LANG));
      if (s.error) { msg.textContent = s.error; showSetup(); return; }
      var origin = new URL(s.bundle_url).origin;
      if (origin !== location.origin) {
        msg.textContent = t('setup-other-issuer', { origin: origin });
        showSetup();
        return;
      }
      msg.textContent = t('setup-fetching');
      /* A new set-up of the same venue keeps its visits, key and bundle (and
       * its rollback rule: an older bundle is refused). */
      var same = !!(st.setup && st.setup.venue === s.venue && st.setup.root === s.root && st.bundle);
      fetchBundle(s, same ? st.bundle : null).then(function (r) {
        if (!r.ok) { msg.textContent = r.message; if (!same) { showSetup(); } return; }
        if (r.same) { r.bundle = st.bundle; }
        var keep = same ? Promise.resolve() : clearVisits().then(function () { return save('key', null); }).then(function () { return save('reports', {}); });
        return keep.then(function () {
          return save('setup', s);
        }).then(function () {
          return save('bundle', r.bundle);
        }).then(function () {
          msg.textContent = t('setup-done', { venue: r.bundle.venue_name });
          showStation();
        });
      });
    }

    function clearVisits() {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction('visits', 'readwrite');
        tx.objectStore('visits').clear();
        tx.oncomplete = function () { resolve(); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    }

    /* Fetch and check the bundle of set-up `s` against the installed one
     * (`current`, or null): `{ok, bundle}` to install, `{ok, same}` when
     * nothing changed, `{ok: false, message}` when refused or offline. */
    function fetchBundle(s, current) {
      return fetch(s.bundle_url, FETCH).then(function (res) {
        if (!res.ok) { throw new Error(String(res.status)); }
        return res.arrayBuffer();
      }).then(function (buf) {
        var bytes = new Uint8Array(buf);
        var installed = current ? current.bytes : new Uint8Array(0);
        var r = JSON.parse(core.station_install(bytes, s.root, s.venue, installed, now(), LANG));
        if (!r.ok) { return { ok: false, code: r.code, message: r.message }; }
        if (!r.install) { return { ok: true, same: true }; }
        return {
          ok: true,
          bundle: {
            bytes: bytes, version: r.version, issued_at: r.issued_at, fetched_at: now(),
            venue_name: r.venue_name, scheme_name: r.scheme_name
          }
        };
      }, function () {
        return { ok: false, code: 'offline', message: t('setup-no-network') };
      });
    }

    /* ---- The station ---- */

    function showStation() {
      show($('setup'), false);
      show($('station'), true);
      $('venue-h').textContent = st.bundle.venue_name;
      $('sound').textContent = st.sound === false ? t('sound-off') : t('sound-on');
      $('sound').setAttribute('aria-pressed', st.sound === false ? 'false' : 'true');
      status();
      ready('station');
      background();
      if (!timer) {
        timer = setInterval(background, REFRESH_MS);
        window.addEventListener('online', background);
      }
      $('scan-text').focus();
    }

    function status() {
      var b = st.bundle;
      $('s-bundle').textContent = t('status-bundle', { version: b.version, when: new Date(b.fetched_at * 1000).toLocaleString(LANG === 'en' ? 'en-GB' : 'nb-NO', { timeZone: 'Europe/Oslo' }) });
      $('s-bundle').setAttribute('data-version', String(b.version));
      $('s-net').textContent = navigator.onLine ? '' : t('status-offline');
      var k = st.key;
      $('s-key').textContent = !k ? '' : k.unsupported ? t('key-unsupported') : k.status === 'approved' ? t('key-approved') : t('key-pending');
      $('s-key').setAttribute('data-status', k ? (k.unsupported ? 'unsupported' : k.status) : 'none');
      countToday().then(function (n) { $('s-visits').textContent = t('status-visits', { count: n }); });
    }

    function countToday() {
      return new Promise(function (resolve) {
        var today = core.today_oslo(Date.now());
        var tx = db.transaction('visits', 'readonly');
        var req = tx.objectStore('visits').index('day').count(IDBKeyRange.only(today));
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { resolve(0); };
      });
    }

    /* In the background while online: a newer bundle (the same checks as
     * `verifier update`), the key's registration, and the usage reports. */
    var running = false;
    function background() {
      if (running || !st.setup) { return; }
      running = true;
      fetchBundle(st.setup, st.bundle).then(function (r) {
        $('s-net').textContent = r.code === 'offline' ? t('status-offline') : r.ok ? '' : r.message;
        if (r.ok && r.bundle) {
          return save('bundle', r.bundle).then(function () { $('s-net').textContent = t('status-updated', { version: r.bundle.version }); });
        }
      }).then(function () {
        return prune();
      }).then(function () {
        if (navigator.onLine === false) { return; }
        return register().then(sendReports);
      }).catch(function () {}).then(function () {
        running = false;
        status();
      });
    }

    /* Retention (SPEC §11.10, as the binary's log): visits no quota or
     * report counts any more are deleted, and a visit's time is rounded to
     * its day once it can no longer be undone. */
    function prune() {
      var rules = JSON.parse(core.station_retention(st.bundle.bytes, st.setup.root));
      var before = {};
      rules.forEach(function (r) { before[r.card_type + '/' + r.benefit] = r.before; });
      return new Promise(function (resolve) {
        var tx = db.transaction('visits', 'readwrite');
        var req = tx.objectStore('visits').openCursor();
        var undoable = lastVisit && now() - lastVisit.at <= UNDO_SECS ? lastVisit.id : null;
        req.onsuccess = function () {
          var c = req.result;
          if (!c) { return; }
          var v = c.value;
          var limit = before[v.card_type + '/' + v.benefit];
          if (limit !== undefined && v.day < limit) {
            c.delete();
          } else if (v.id !== undoable && v.at !== core.day_start(v.day)) {
            v.at = core.day_start(v.day);
            c.update(v);
          }
          c.continue();
        };
        tx.oncomplete = tx.onerror = tx.onabort = function () { resolve(); };
      });
    }

    /* The station key (SPEC §13.4): made once, its private half never
     * leaves the browser; registered with the one-time code of the set-up. */
    function register() {
      var k = st.key;
      var made = k ? Promise.resolve(k) : crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']).then(function (pair) {
        return crypto.subtle.exportKey('raw', pair.publicKey).then(function (raw) {
          var key = { pair: pair, public_hex: hex(new Uint8Array(raw)), status: 'new' };
          return save('key', key).then(function () { return key; });
        });
      }, function () {
        var key = { unsupported: true };
        return save('key', key).then(function () { return key; });
      });
      return made.then(function (key) {
        if (key.unsupported || key.status === 'approved') { return; }
        var body = { venue_id: st.setup.venue, public_key: key.public_hex };
        if (st.setup.registration) { body.registration = st.setup.registration; }
        var base = new URL(st.setup.bundle_url).origin;
        return fetch(base + '/venue-keys', {
          method: 'POST', credentials: 'omit', cache: 'no-store',
          headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
        }).then(function (res) {
          return res.json().catch(function () { return {}; }).then(function (a) {
            var forget = a.status === 'approved' || a.code === 'bad_registration';
            key.status = a.status === 'approved' ? 'approved' : res.ok || res.status === 202 ? 'pending' : key.status;
            var s = st.setup;
            if (forget && s.registration) { delete s.registration; }
            return save('key', key).then(function () { return save('setup', s); });
          });
        });
      });
    }

    /* The previous and the current month's reports (SPEC §13), signed with
     * the station key, each sent when never sent, changed, or sent a day
     * ago or more (as the binary's background does). */
    function sendReports() {
      var k = st.key;
      if (!k || k.status !== 'approved') { return; }
      var months = [];
      var y = Number(core.day_ymd(core.today_oslo(Date.now()))[0]);
      var m = Number(core.day_ymd(core.today_oslo(Date.now()))[1]);
      months.push([m === 1 ? y - 1 : y, m === 1 ? 12 : m - 1]);
      months.push([y, m]);
      var chain = Promise.resolve();
      months.forEach(function (ym) {
        chain = chain.then(function () { return sendMonth(k, ym[0] + '-' + (ym[1] < 10 ? '0' : '') + ym[1]); });
      });
      return chain;
    }

    function monthRows(month) {
      return new Promise(function (resolve) {
        var tx = db.transaction('visits', 'readonly');
        var req = tx.objectStore('visits').getAll();
        req.onsuccess = function () {
          resolve(req.result.map(function (v) {
            return { day: v.day, benefit: v.benefit, card_type: v.card_type, companion: !!v.companion };
          }));
        };
        req.onerror = function () { resolve([]); };
      });
    }

    function sendMonth(k, month) {
      return monthRows(month).then(function (rows) {
        var sent = (st.reports || {})[month];
        /* The body made at time 0 names the rows: the same rows, the same bytes. */
        var rowsKey = JSON.parse(core.station_report(st.setup.venue, month, JSON.stringify(rows), 0)).body;
        if (!rowsKey) { return; }
        var due = !sent ? rows.length > 0 : sent.rows !== rowsKey || now() - sent.at >= 86400;
        if (!due) { return; }
        var at = Math.max(Math.floor(now()), sent ? sent.generated_at + 1 : 0);
        var made = JSON.parse(core.station_report(st.setup.venue, month, JSON.stringify(rows), at));
        var message = new Uint8Array(made.message.match(/../g).map(function (h) { return parseInt(h, 16); }));
        return crypto.subtle.sign({ name: 'Ed25519' }, k.pair.privateKey, message).then(function (sig) {
          var pub = new Uint8Array(k.public_hex.match(/../g).map(function (h) { return parseInt(h, 16); }));
          var file = core.station_report_file(pub, made.body, new Uint8Array(sig));
          var base = new URL(st.setup.bundle_url).origin;
          return fetch(base + '/reports', {
            method: 'POST', credentials: 'omit', cache: 'no-store',
            headers: { 'Content-Type': 'application/octet-stream' }, body: file
          });
        }).then(function (res) {
          if (!res.ok) { return; }
          var reports = st.reports || {};
          reports[month] = { at: now(), generated_at: at, rows: rowsKey };
          $('s-report').textContent = t('report-sent', { month: month });
          return save('reports', reports);
        });
      });
    }

    /* ---- Redeeming ---- */

    $('scan-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var text = $('scan-text').value;
      $('scan-text').value = '';
      if (text.trim()) { redeem(text.trim(), 'typed'); }
    });

    /* One visit: the core checks the station and the card; the counts are
     * read, the core decides, and the visit is written in ONE read-write
     * transaction; the answer is shown only once it has completed. */
    function redeem(text, via) {
      if (busy || !st.bundle) { return; }
      busy = true;
      var t0 = performance.now();
      var b = st.bundle;
      var s = st.setup;
      var stale = new Uint32Array([]);
      var first = JSON.parse(core.station_read(b.bytes, s.root, s.venue, st.secret, text, now(), st.seen || 0, stale, LANG));
      if (first.final) { answer(first, t0, via); busy = false; return; }
      var tx;
      try { tx = db.transaction(['visits', 'state'], 'readwrite'); } catch (e) { failed(); return; }
      var visits = tx.objectStore('visits');
      var verdict = null;
      var added = null;
      visits.index('card').getAll(IDBKeyRange.only(first.card)).onsuccess = function (e) {
        var mine = e.target.result.map(function (v) { return { benefit: v.benefit, at: v.at }; });
        var used = [];
        var pending = first.budgets.length;
        function decide() {
          verdict = JSON.parse(core.station_decide(b.bytes, s.root, s.venue, text, first.now,
            JSON.stringify(mine), JSON.stringify(used), st.share || '1/1', stale, LANG));
          if (verdict.record) {
            var rec = verdict.record;
            rec.card = first.card;
            rec.companion = false;
            visits.add(rec).onsuccess = function (ev) { added = ev.target.result; };
          }
          var seen = Math.max(st.seen || 0, first.now);
          tx.objectStore('state').put({ k: 'seen', v: seen });
        }
        if (!pending) { decide(); return; }
        first.budgets.forEach(function (bu) {
          var range = IDBKeyRange.bound([bu.benefit, bu.from], [bu.benefit, 4294967295]);
          visits.index('benefit_day').count(range).onsuccess = function (ev) {
            used.push({ benefit: bu.benefit, from: bu.from, count: ev.target.result });
            pending -= 1;
            if (pending === 0) { decide(); }
          };
        });
      };
      tx.oncomplete = function () {
        busy = false;
        st.seen = Math.max(st.seen || 0, first.now);
        if (added !== null) { lastVisit = { id: added, benefit: verdict.benefit_name, at: first.now }; }
        answer(verdict, t0, via);
        status();
      };
      tx.onerror = tx.onabort = function () { failed(); };
    }

    function failed() {
      busy = false;
      answer({ valid: false, code: 'storage', headline: t('storage-refused'), hint: '', card: '', warning: '' }, 0, '');
    }

    var sounds = null;
    function beep(ok) {
      if (st.sound === false) { return; }
      try {
        sounds = sounds || new (window.AudioContext || window.webkitAudioContext)();
        var o = sounds.createOscillator();
        var g = sounds.createGain();
        o.frequency.value = ok ? 880 : 220;
        g.gain.value = 0.2;
        o.connect(g); g.connect(sounds.destination);
        o.start(); o.stop(sounds.currentTime + (ok ? 0.15 : 0.45));
      } catch (e) { /* no sound on this device */ }
      if (navigator.vibrate) { try { navigator.vibrate(ok ? 120 : [200, 100, 200]); } catch (e) { /* none */ } }
    }

    function answer(v, t0, via) {
      var box = $('answer');
      box.className = 'answer ' + (v.valid ? 'valid' : 'refused');
      $('a-head').textContent = v.headline;
      $('a-hint').textContent = v.hint || '';
      $('a-card').textContent = v.card || '';
      $('a-warn').textContent = v.warning || '';
      $('a-time').textContent = t('answer-at', { time: clock(now()) });
      box.setAttribute('data-code', v.code);
      box.setAttribute('data-via', via || '');
      if (t0) { box.setAttribute('data-ms', String(Math.round((performance.now() - t0) * 10) / 10)); }
      var companion = v.valid && v.record && v.record.companion_free;
      show($('companion'), !!companion);
      show(box, true);
      box.setAttribute('data-n', String(Number(box.getAttribute('data-n') || '0') + 1));
      beep(v.valid);
    }

    function setCompanion(came) {
      if (!lastVisit) { return; }
      var tx = db.transaction('visits', 'readwrite');
      var store = tx.objectStore('visits');
      var id = lastVisit.id;
      store.get(id).onsuccess = function (e) {
        var rec = e.target.result;
        if (rec) { rec.companion = came; store.put(rec); }
      };
      tx.oncomplete = function () {
        show($('companion'), false);
        $('a-head').textContent = t(came ? 'companion-came' : 'companion-none', { benefit: lastVisit.benefit });
      };
    }
    $('companion-yes').addEventListener('click', function () { setCompanion(true); });
    $('companion-no').addEventListener('click', function () { setCompanion(false); });

    /* Undo this station's last visit (a mistake at the door). */
    $('undo').addEventListener('click', function () {
      if (!lastVisit || now() - lastVisit.at > UNDO_SECS) { $('a-hint').textContent = t('undo-nothing'); show($('answer'), true); return; }
      var v = lastVisit;
      var tx = db.transaction('visits', 'readwrite');
      tx.objectStore('visits').delete(v.id);
      tx.oncomplete = function () {
        lastVisit = null;
        var box = $('answer');
        box.className = 'answer refused';
        box.setAttribute('data-code', 'undone');
        $('a-head').textContent = t('undo-done', { benefit: v.benefit, time: clock(v.at) });
        $('a-hint').textContent = ''; $('a-card').textContent = ''; $('a-warn').textContent = '';
        show($('companion'), false);
        status();
      };
    });

    $('sound').addEventListener('click', function () {
      save('sound', st.sound === false).then(function () {
        $('sound').textContent = st.sound === false ? t('sound-off') : t('sound-on');
        $('sound').setAttribute('aria-pressed', st.sound === false ? 'false' : 'true');
      });
    });

    /* ---- The camera ---- */

    var stream = null;
    var canvas = doc.createElement('canvas');
    var ctx2d = null;
    $('camera-start').addEventListener('click', startCamera);
    $('camera-stop').addEventListener('click', stopCamera);

    function startCamera() {
      var msg = $('camera-msg');
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { msg.textContent = t('camera-none'); return; }
      navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } } })
        .then(function (s) {
          stream = s;
          var video = $('video');
          video.srcObject = s;
          show(video, true);
          show($('camera-start'), false);
          show($('camera-stop'), true);
          msg.textContent = '';
          return video.play().then(function () { scanLoop(); });
        }, function (e) {
          msg.textContent = e && e.name === 'NotAllowedError' ? t('camera-denied') : t('camera-none');
        });
    }

    function stopCamera() {
      if (stream) { stream.getTracks().forEach(function (tr) { tr.stop(); }); }
      stream = null;
      show($('video'), false);
      show($('camera-start'), true);
      show($('camera-stop'), false);
    }

    function scanLoop() {
      if (!stream) { return; }
      var video = $('video');
      var w = video.videoWidth, h = video.videoHeight;
      if (w && h && !busy) {
        var t0 = performance.now();
        canvas.width = w; canvas.height = h;
        ctx2d = ctx2d || canvas.getContext('2d', { willReadFrequently: true });
        ctx2d.drawImage(video, 0, 0, w, h);
        var img = ctx2d.getImageData(0, 0, w, h);
        var text = core.decode_frame(new Uint8Array(img.data.buffer), w, h);
        var same = text && text === lastCode.text && performance.now() - lastCode.at < SAME_CODE_MS;
        if (text) { lastCode = { text: text, at: performance.now() }; }
        if (text && !same) {
          if (!st.setup || text.indexOf('aktivitetskort-setup:') === 0) {
            setUp(text);
          } else {
            redeemFrame(text, t0);
          }
        }
      }
      setTimeout(scanLoop, 120);
    }

    function redeemFrame(text, t0) {
      redeem(text, 'camera');
      var box = $('answer');
      /* The time from the frame's capture to the answer, for the benchmark. */
      var observe = setInterval(function () {
        if (!busy) {
          clearInterval(observe);
          box.setAttribute('data-frame-ms', String(Math.round((performance.now() - t0) * 10) / 10));
        }
      }, 1);
    }
  }
}());
