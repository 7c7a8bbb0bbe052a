// The verifier's page: answers in place, camera scanning. No inline script
// (CSP); everything comes from this server.
'use strict';
(function () {
  const result = document.getElementById('result');
  const text = document.getElementById('text');
  const busy = document.getElementById('busy');
  const confirmForm = document.getElementById('undo-confirm');
  const confirmVisit = confirmForm.querySelector('input[name=visit]');
  const companionForm = document.getElementById('companion');
  const companionVisit = companionForm.querySelector('input[name=visit]');

  // `scanned`: the answer to a scanned card (redeem, photo, camera), which
  // sounds; undo and companion answers do not.
  function show(a, scanned) {
    // Not (or no longer) paired: the station's page asks for a pairing code.
    if (a.code === 'not_paired') {
      window.location.assign('/');
      return;
    }
    // An undo's confirmation names the visit; any other answer hides it.
    confirmVisit.value = a.visit ? String(a.visit) : '';
    confirmForm.hidden = !a.visit;
    // After a visit that may bring a companion: the two buttons.
    companionVisit.value = a.companion_visit ? String(a.companion_visit) : '';
    companionForm.hidden = !a.companion_visit;
    result.className = a.valid ? 'ok' : (a.found ? 'no' : 'info');
    result.replaceChildren();
    const add = (cls, s) => {
      if (!s) return;
      const p = document.createElement('p');
      p.className = cls;
      p.textContent = s;
      result.appendChild(p);
    };
    add('headline', a.headline);
    add('hint', a.hint);
    add('card', a.card);
    add('time', a.time);
    add('warning', a.warning);
    if (scanned && a.found) beep(a.valid);
  }

  // A short sound for each answer (WebAudio, made here: no file): one
  // higher tone for valid, two low tones for refused. The mute is
  // remembered in this browser.
  const sound = document.getElementById('sound');
  const MUTE_KEY = 'verifier-sound-muted';
  let muted = false;
  try { muted = window.localStorage.getItem(MUTE_KEY) === '1'; } catch (err) { /* storage off: sound on */ }
  function showSound() {
    sound.textContent = muted ? sound.dataset.off : sound.dataset.on;
    sound.setAttribute('aria-pressed', muted ? 'false' : 'true');
  }
  showSound();
  sound.hidden = false;
  sound.addEventListener('click', () => {
    muted = !muted;
    try { window.localStorage.setItem(MUTE_KEY, muted ? '1' : '0'); } catch (err) { /* kept for this page */ }
    showSound();
    refocus();
  });
  let audio = null;
  function tone(ctx, freq, start, length) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.3, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + length + 0.02);
  }
  function beep(valid) {
    // What was (or was not) played, for a look from the browser's tools.
    result.dataset.sound = muted ? 'muted' : (valid ? 'valid' : 'refused');
    if (muted) return;
    try {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      audio = audio || new Ctx();
      if (audio.state === 'suspended') audio.resume();
      const t = audio.currentTime + 0.01;
      if (valid) {
        tone(audio, 880, t, 0.18);
      } else {
        tone(audio, 220, t, 0.15);
        tone(audio, 220, t + 0.22, 0.15);
      }
    } catch (err) {
      // no sound on this device: the screen still answers
    }
  }

  async function post(url, body, contentType) {
    busy.hidden = false;
    try {
      const headers = { Accept: 'application/json' };
      if (contentType) headers['Content-Type'] = contentType;
      const res = await fetch(url, { method: 'POST', headers, body, credentials: 'same-origin' });
      return await res.json();
    } finally {
      busy.hidden = true;
    }
  }

  function refocus() {
    text.value = '';
    text.focus();
  }

  document.getElementById('redeem').addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = text.value;
    if (!value.trim()) return refocus();
    refocus();
    try {
      show(await post('/redeem', new URLSearchParams({ text: value }), 'application/x-www-form-urlencoded'), true);
    } catch (err) {
      show({ found: false, valid: false, headline: String(err) });
    }
  });

  document.getElementById('undo').addEventListener('submit', async (e) => {
    e.preventDefault();
    try { show(await post('/undo', '', 'application/x-www-form-urlencoded')); } catch (err) { show({ headline: String(err) }); }
    refocus();
  });

  confirmForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = new URLSearchParams({ visit: confirmVisit.value });
    try { show(await post('/undo', body, 'application/x-www-form-urlencoded')); } catch (err) { show({ headline: String(err) }); }
    refocus();
  });

  companionForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const came = e.submitter && e.submitter.value === 'yes' ? 'yes' : 'no';
    const body = new URLSearchParams({ visit: companionVisit.value, came });
    try { show(await post('/companion', body, 'application/x-www-form-urlencoded')); } catch (err) { show({ headline: String(err) }); }
    refocus();
  });

  // The station's update status (background updates, a stale bundle):
  // polled, so a page left open shows it without a reload.
  const status = document.getElementById('status');
  async function pollStatus() {
    try {
      const res = await fetch('/status', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) return;
      const s = await res.json();
      status.replaceChildren(...s.lines.map((l) => {
        const p = document.createElement('p');
        p.className = l.class;
        p.textContent = l.text;
        return p;
      }));
    } catch (err) {
      // the station is restarting: keep what is shown
    }
  }
  setInterval(pollStatus, 10000);

  const file = document.getElementById('file');
  document.getElementById('photo').addEventListener('submit', (e) => {
    e.preventDefault();
    sendFile();
  });
  file.addEventListener('change', sendFile);
  async function sendFile() {
    const f = file.files && file.files[0];
    if (!f) return;
    try { show(await post('/scan-image', f, f.type || 'application/octet-stream'), true); } catch (err) { show({ headline: String(err) }); }
    file.value = '';
    refocus();
  }
  document.getElementById('photo-submit').hidden = true;

  // Live camera: only in a secure context (https or localhost); elsewhere
  // browsers refuse camera access and the photo button is the way.
  const cam = document.getElementById('camera');
  const note = document.getElementById('camera-note');
  const video = document.getElementById('video');
  if (!(window.isSecureContext && navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) {
    note.hidden = false;
    return;
  }
  cam.hidden = false;
  let stream = null;
  let timer = null;
  let pauseUntil = 0;
  let sending = false;
  const canvas = document.createElement('canvas');

  async function frame() {
    if (!stream || sending || Date.now() < pauseUntil || !video.videoWidth) return;
    const scale = Math.min(1, 1280 / video.videoWidth, 720 / video.videoHeight);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((r) => canvas.toBlob(r, 'image/png'));
    if (!blob) return;
    sending = true;
    try {
      const a = await post('/scan-image', blob, 'image/png');
      if (a.found || a.code === 'not_paired') {
        show(a, true);
        pauseUntil = Date.now() + 3000; // one card, one answer
      }
    } catch (err) {
      // keep scanning
    } finally {
      sending = false;
    }
  }

  function stop() {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    clearInterval(timer);
    video.hidden = true;
    cam.textContent = cam.dataset.start;
    refocus();
  }

  cam.addEventListener('click', async () => {
    if (stream) return stop();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    } catch (err) {
      show({ headline: String(err) });
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    cam.textContent = cam.dataset.stop;
    timer = setInterval(frame, 300);
  });
})();
