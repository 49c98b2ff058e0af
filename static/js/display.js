/* The hall's call screen: poll the calls every second, show them, read them out.
 *
 * Speech uses the browser's Mandarin (zh-CN) voice. Where the device has no
 * Chinese voice, a chime plays and the screen flashes instead. Browsers keep
 * a page silent until someone taps it once (autoplay policy), so the screen
 * checks whether it may play sound and, if not, asks for one tap.
 *
 * In a bilingual hall whose manager recorded the Mongolian call, a call
 * carries the addresses of its clips (`clips`, null when a piece is not
 * recorded): they play one after another in the #mongolian-call element,
 * after the Mandarin voice or instead of it (`data-mongolian-call`). Calls
 * are said one at a time, in order.
 */
(function () {
  'use strict';

  var POLL_MS = 1000;
  var RETRY_MS = 5000;
  var root = document.getElementById('display');
  if (!root) { return; }

  var chime = new Audio(root.dataset.chime);
  chime.preload = 'auto';
  var lastCall = Number(root.dataset.lastCall || 0);
  var soundOn = false;
  var overlay = document.getElementById('sound-overlay');
  var soundState = document.getElementById('sound-state');
  var voiceState = document.getElementById('voice-state');

  function fill(template, n) {
    return template.replace('{n}', n);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* A bilingual hall (蒙汉双语): Mongolian columns beside the Chinese. */
  var bilingual = root.dataset.mnNowLabel !== undefined;

  function mongolian(text) {
    var node = el('span', 'mn', text);
    node.lang = 'mn-Mong';
    return node;
  }

  function appendMongolian(parent, text) {
    if (bilingual && text) { parent.appendChild(mongolian(text)); }
  }

  var clipPlayer = document.getElementById('mongolian-call');
  var callMode = root.dataset.mongolianCall || 'after';
  // A voice or a clip that never says it ended does not hold up the calls after it.
  var LONGEST_SPEECH_MS = 20000;
  var LONGEST_CLIP_MS = 10000;

  /* -- sound ------------------------------------------------------------ */

  function setSound(on) {
    soundOn = on;
    overlay.hidden = on;
    document.body.classList.toggle('sound-off', !on);
    soundState.textContent = on ? soundState.dataset.on : soundState.dataset.off;
    soundState.setAttribute('aria-pressed', on ? 'true' : 'false');
    soundState.disabled = on;
  }

  /* Play the chime at volume 0: resolves only if sound is allowed. */
  function trySilentPlay() {
    chime.volume = 0;
    var played;
    try {
      played = Promise.resolve(chime.play());
    } catch (error) {
      played = Promise.reject(error);
    }
    return played.then(function () {
      chime.pause();
      chime.currentTime = 0;
      chime.volume = 1;
      setSound(true);
    }, function () {
      chime.volume = 1;
      setSound(false);
    });
  }

  /* Play a media element from the start; resolves when it has ended (or
   * after `longest` ms), rejects when it cannot play. */
  function playThrough(media, longest) {
    return new Promise(function (resolve, reject) {
      var guard;
      function finish(error) {
        window.clearTimeout(guard);
        media.removeEventListener('ended', ended);
        media.removeEventListener('error', failed);
        if (error) { reject(error); } else { resolve(); }
      }
      function ended() { finish(); }
      function failed() { finish(new Error('media error')); }
      media.addEventListener('ended', ended);
      media.addEventListener('error', failed);
      guard = window.setTimeout(ended, longest);
      var played;
      try {
        played = Promise.resolve(media.play());
      } catch (error) {
        played = Promise.reject(error);
      }
      played.catch(function (error) {
        if (error && error.name === 'NotAllowedError') { setSound(false); }
        finish(error || new Error('not played'));
      });
    });
  }

  function playChime() {
    chime.currentTime = 0;
    chime.volume = 1;
    return playThrough(chime, LONGEST_CLIP_MS).catch(function () { setSound(false); });
  }

  /* The clips of a Mongolian call, one after another. */
  function playClips(addresses) {
    return addresses.reduce(function (played, address) {
      return played.then(function () {
        clipPlayer.src = address;
        return playThrough(clipPlayer, LONGEST_CLIP_MS);
      });
    }, Promise.resolve());
  }

  /* The best Mandarin voice: mainland first, never Cantonese. */
  function mandarinVoice() {
    var synth = window.speechSynthesis;
    if (!synth || typeof synth.getVoices !== 'function' ||
        typeof window.SpeechSynthesisUtterance !== 'function') {
      return null;
    }
    var voices = synth.getVoices() || [];
    var preferences = [/^zh[-_]CN/i, /^cmn/i, /^zh[-_]Hans/i, /^zh[-_](TW|Hant)/i, /^zh$/i];
    for (var p = 0; p < preferences.length; p++) {
      for (var i = 0; i < voices.length; i++) {
        if (preferences[p].test(voices[i].lang || '')) { return voices[i]; }
      }
    }
    return null;
  }

  /* How calls are said: with every piece of the Mongolian call recorded,
   * the recording (after the voice, or alone); else the voice or a chime. */
  function showVoiceState() {
    var recorded = voiceState.dataset.recordedAfter !== undefined;
    if (recorded && callMode === 'instead') {
      voiceState.textContent = voiceState.dataset.recordedInstead;
    } else if (mandarinVoice()) {
      voiceState.textContent = recorded ? voiceState.dataset.recordedAfter
                                        : voiceState.dataset.voice;
    } else {
      voiceState.textContent = voiceState.dataset.chime;
    }
  }

  /* Say a call in Mandarin; resolves when the voice has finished. */
  function speak(call, voice) {
    return new Promise(function (resolve) {
      var guard = window.setTimeout(resolve, LONGEST_SPEECH_MS);
      var utterance = new window.SpeechSynthesisUtterance(call.speech);
      utterance.lang = 'zh-CN';
      utterance.voice = voice;
      utterance.rate = 0.9;
      utterance.onend = utterance.onerror = function () {
        window.clearTimeout(guard);
        resolve();
      };
      window.speechSynthesis.speak(utterance);
    });
  }

  /* One call: Mandarin (the voice, or nothing when a chime stood for it),
   * and its Mongolian clips after it or instead of it. A clip that cannot
   * play leaves the call said in Mandarin. */
  function say(call, voice) {
    var clips = recorded(call) ? call.clips : null;
    var mandarin = function () { return voice ? speak(call, voice) : null; };
    if (clips && callMode === 'instead') {
      return playClips(clips).catch(mandarin);
    }
    return Promise.resolve(mandarin()).then(function () {
      return clips ? playClips(clips).catch(function () {}) : null;
    });
  }

  function recorded(call) {
    return Boolean(clipPlayer && Array.isArray(call.clips) && call.clips.length);
  }

  var saying = Promise.resolve();
  var pending = 0;  // calls not yet said in full

  function later(step) {
    pending += 1;
    saying = saying.then(step).catch(function () { /* the next one is still said */ })
      .then(function () { pending -= 1; });
  }

  /* Read out new calls, oldest first; one chime covers a batch where the
   * device has no Mandarin voice. Calls with clips are said one at a time
   * (the voice's queue knows nothing of the clips), and so are the calls
   * after them while they play. */
  function announce(calls) {
    if (!calls.length) { return; }
    var voice = mandarinVoice();
    if (!pending && !calls.some(recorded)) {
      if (voice) {
        calls.forEach(function (call) { speak(call, voice); });
      } else {
        playChime();
      }
      return;
    }
    if (!voice && !(callMode === 'instead' && calls.every(recorded))) {
      later(playChime);
    }
    calls.forEach(function (call) { later(function () { return say(call, voice); }); });
  }

  /* The service worker keeps the hall's clips ahead of the first call. */
  function keepClips() {
    var clips = JSON.parse(root.dataset.clips || '[]');
    if (!clips.length || !('serviceWorker' in navigator) || !window.isSecureContext) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage({ keep: clips }); }
    }).catch(function () { /* played from the server */ });
  }

  /* -- screen ----------------------------------------------------------- */

  function flash(node) {
    node.classList.remove('flash');
    void node.offsetWidth;  // restart the animation for a repeated call
    node.classList.add('flash');
  }

  function flashEnded(event) {
    if (event.target.classList.contains('flash')) {
      event.target.classList.remove('flash');
    }
  }

  function renderNow(call) {
    document.getElementById('now-ticket').textContent = call ? call.ticket : '—';
    document.getElementById('now-window').textContent =
      call ? fill(root.dataset.nowLabel, call.window) : '';
    document.getElementById('now-window-name').textContent = call ? call.window_name : '';
    var line = document.getElementById('now-mn');
    if (line) {
      line.replaceChildren();
      if (call) {
        appendMongolian(line, fill(root.dataset.mnNowLabel, call.window));
        appendMongolian(line, call.window_name_mn);
      }
    }
  }

  function renderRecent(calls) {
    var list = document.getElementById('recent');
    var items = calls.map(function (call) {
      var item = el('li');
      item.appendChild(el('span', 'ticket', call.ticket));
      var to = el('span', 'to', fill(root.dataset.windowLabel, call.window));
      if (bilingual) {
        to.appendChild(document.createTextNode(' '));
        appendMongolian(to, fill(root.dataset.mnWindowLabel, call.window));
      }
      item.appendChild(to);
      var at = el('span', 'at', call.at + (call.recall ? ' · ' + root.dataset.recallLabel : ''));
      if (call.recall) { appendMongolian(at, root.dataset.mnRecallLabel); }
      item.appendChild(at);
      return item;
    });
    if (items.length) { list.replaceChildren.apply(list, items); }
  }

  function windowCard(window_) {
    var item = el('li');
    item.dataset.window = window_.number;
    item.appendChild(el('span', 'number', String(window_.number)));
    item.appendChild(el('span', 'name', window_.name));
    appendMongolian(item, window_.name_mn);
    item.appendChild(el('span', 'current'));
    item.appendChild(el('span', 'waiting'));
    return item;
  }

  /* Cards are updated in place, so a flashing card keeps flashing. */
  function renderWindows(windows) {
    var list = document.getElementById('windows');
    var numbers = windows.map(function (w) { return String(w.number); }).join(',');
    var shown = Array.prototype.map.call(list.children, function (li) {
      return li.dataset.window;
    }).join(',');
    if (numbers !== shown) {
      list.replaceChildren.apply(list, windows.map(windowCard));
    }
    windows.forEach(function (window_, i) {
      var card = list.children[i];
      card.classList.toggle('busy', Boolean(window_.current));
      card.querySelector('.current').textContent = window_.current || '—';
      card.querySelector('.waiting').textContent = fill(root.dataset.waitingLabel, window_.waiting);
    });
  }

  function render(data) {
    var fresh = data.calls.filter(function (call) { return call.id > lastCall; });
    renderWindows(data.windows);
    renderRecent(data.calls);
    renderNow(data.calls[0]);
    if (!fresh.length) { return; }
    lastCall = fresh[0].id;
    flash(document.getElementById('now'));
    fresh.forEach(function (call) {
      var card = document.querySelector('#windows li[data-window="' + call.window + '"]');
      if (card) { flash(card); }
    });
    announce(fresh.filter(function (call) { return call.fresh; }).reverse());
  }

  /* -- polling ---------------------------------------------------------- */

  function poll() {
    fetch(root.dataset.calls, {cache: 'no-store', credentials: 'same-origin',
                               headers: {Accept: 'application/json'}})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        document.getElementById('offline').hidden = true;
        window.hallClock.set(data.clock);
        tick();
        if (data.mongolian_call && data.mongolian_call !== callMode) {
          callMode = data.mongolian_call;
          showVoiceState();
        }
        render(data);
        window.setTimeout(poll, POLL_MS);
      })
      .catch(function () {
        document.getElementById('offline').hidden = false;
        window.setTimeout(poll, RETRY_MS);
      });
  }

  /* The hall's time from the server (hall_clock.js), never the screen's own
   * clock, which may be wrong or set to another zone. */
  function tick() {
    var now = window.hallClock.wall();
    if (now) { document.getElementById('clock').textContent = window.hallClock.format(now); }
  }

  /* A tap anywhere counts as the gesture the browser waits for. */
  function enableSound() {
    if (!soundOn) { trySilentPlay(); }
  }

  document.addEventListener('animationend', flashEnded);
  document.addEventListener('click', enableSound);
  document.addEventListener('keydown', enableSound);
  if (window.speechSynthesis && typeof window.speechSynthesis.addEventListener === 'function') {
    window.speechSynthesis.addEventListener('voiceschanged', showVoiceState);
  }
  showVoiceState();
  tick();
  window.setInterval(tick, 1000);
  trySilentPlay();
  keepClips();
  window.setTimeout(poll, POLL_MS);
}());
