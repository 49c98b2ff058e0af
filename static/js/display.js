/* The hall's call screen: poll the calls every second, show them, read them out.
 *
 * Speech uses the browser's Mandarin (zh-CN) voice. Where the device has no
 * Chinese voice, a chime plays and the screen flashes instead. Browsers keep
 * a page silent until someone taps it once (autoplay policy), so the screen
 * checks whether it may play sound and, if not, asks for one tap.
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

  function playChime() {
    chime.currentTime = 0;
    chime.volume = 1;
    var played;
    try {
      played = Promise.resolve(chime.play());
    } catch (error) {
      played = Promise.reject(error);
    }
    played.catch(function () { setSound(false); });
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

  function showVoiceState() {
    voiceState.textContent = mandarinVoice() ? voiceState.dataset.voice
                                             : voiceState.dataset.chime;
  }

  function speak(call) {
    var utterance = new window.SpeechSynthesisUtterance(call.speech);
    utterance.lang = 'zh-CN';
    utterance.voice = mandarinVoice();
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);
  }

  /* Read out new calls, oldest first; one chime covers a batch. */
  function announce(calls) {
    if (!calls.length) { return; }
    if (mandarinVoice()) {
      calls.forEach(speak);
    } else {
      playChime();
    }
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
      item.appendChild(el('span', 'at', call.at + (call.recall ? ' · ' + root.dataset.recallLabel : '')));
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
  window.setTimeout(poll, POLL_MS);
}());
