/* Forms that ride out a network drop (kiosk and window desk).
 *
 * A form marked `data-steady` is sent by script, never by the browser's own
 * navigation, so a server or network that goes away never leaves the page
 * for the browser's error page. What the helper entered stays in the form.
 * While the server does not answer, a banner says the connection is lost
 * and the same request is sent again, with growing pauses, until it does.
 *
 * Sending again is safe: a form that changes something carries its one-time
 * action key (action_keys.py), so the server does the action once and
 * answers every repeat with the first one's result. Forms without a key
 * (a scan, a sign-in) change nothing that a repeat would double.
 *
 * The request says it was sent by script (`Bangban-Steady`); the server then
 * answers a redirect with its address (`Bangban-Location`) instead, and this
 * page goes there itself, so messages flashed by the action are shown once.
 * Where the action's next screen comes with that address (a page, not an
 * empty answer), the page is shown at once under its address: one request,
 * not two. Any other answer (a form shown again with its errors, a refusal
 * page) replaces this document.
 *
 * The script tag's data: `data-lost` and `data-kept` (the banner's text),
 * `data-worker` (a service worker to register, kiosk only). On the offline
 * page the service worker serves, `data-offline` makes it wait for the
 * server and then load the address again (not at the page's own address,
 * `data-self`).
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var FIRST_PAUSE_MS = 500;
  var LONGEST_PAUSE_MS = 5000;
  var TIMEOUT_MS = 15000;
  // A proxy whose upstream is down, or a server whose database is: the
  // request was not carried out; send it again.
  var UNAVAILABLE = [502, 503, 504];
  var sending = false;

  /* At the top of the page, pushing it down rather than covering it. */
  function banner() {
    var node = document.getElementById('steady-banner');
    if (node) { return node; }
    node = document.createElement('div');
    node.id = 'steady-banner';
    node.className = 'steady-banner';
    node.setAttribute('role', 'alert');
    node.hidden = true;
    node.style.cssText = 'position:sticky;top:0;z-index:2000;margin:0;' +
      'padding:.7em 1.2em;text-align:center;background:#8a1c1c;color:#fff;';
    var title = document.createElement('strong');
    title.style.cssText = 'display:block;font-size:1.5em;';
    title.textContent = script.getAttribute('data-lost');
    var kept = document.createElement('span');
    kept.style.cssText = 'display:block;font-size:1.1em;';
    kept.textContent = script.getAttribute('data-kept') || '';
    node.appendChild(title);
    node.appendChild(kept);
    document.body.insertBefore(node, document.body.firstChild);
    return node;
  }

  function lost(yes) {  // a class too, for pages that style it
    banner().hidden = !yes;
    document.documentElement.classList.toggle('steady-lost', yes);
  }

  function pause(attempt) {
    return Math.min(FIRST_PAUSE_MS * Math.pow(2, attempt), LONGEST_PAUSE_MS);
  }

  /* One try: resolves with the server's answer, rejects when there is none.
   * `since`: when the form was tapped; the server does not count the wait
   * as the terminal being idle. */
  function attempt(url, body, since) {
    var controller = new AbortController();
    var timer = window.setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    return fetch(url, {
      method: 'POST', body: body, credentials: 'same-origin',
      cache: 'no-store', redirect: 'follow', signal: controller.signal,
      headers: {
        'Bangban-Steady': '1',
        'Bangban-Waited': String(Math.floor((window.performance.now() - since) / 1000))
      }
    }).then(function (response) {
      window.clearTimeout(timer);
      if (UNAVAILABLE.indexOf(response.status) >= 0) {
        throw new Error(String(response.status));
      }
      return response;
    }, function (error) {
      window.clearTimeout(timer);
      throw error;
    });
  }

  function show(response) {
    var location = response.headers.get('Bangban-Location');
    return response.text().then(function (html) {
      if (location && !html) {
        window.location.assign(location);
        return;
      }
      var address = location ? new URL(location, window.location.href).href
        : response.url;
      if (address && address !== window.location.href) {
        window.history.replaceState(null, '', address);
      }
      document.open();
      document.write(html);
      document.close();
    });
  }

  /* Send until the server answers, then show what it answered. */
  function send(url, body) {
    sending = true;
    // Other scripts (the desk's queue refresh) wait for it.
    document.documentElement.classList.add('steady-sending');
    var tries = 0;
    var since = window.performance.now();
    function go() {
      attempt(url, body, since).then(function (response) {
        lost(false);
        return show(response);
      }, function () {
        lost(true);
        window.setTimeout(go, pause(tries));
        tries += 1;
      });
    }
    go();
  }

  function body(form, submitter) {
    try {
      return new FormData(form, submitter || undefined);
    } catch (error) {  // a submitter that is not one of the form's buttons
      return new FormData(form);
    }
  }

  /* Runs after the form's own listeners: one that refused the submit (a
   * second tap while the first is on its way) is respected. */
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute('data-steady')) { return; }
    if (event.defaultPrevented) { return; }
    event.preventDefault();
    if (sending) { return; }  // one action at a time, in the order tapped
    var submitter = event.submitter;
    var action = (submitter && submitter.getAttribute('formaction')) ||
                 form.getAttribute('action') || window.location.href;
    send(new URL(action, window.location.href).href, body(form, submitter));
  });

  /* The offline page: wait for the server, then load this address again. */
  function waitForServer(url) {
    var tries = 0;
    function check() {
      fetch(url, { cache: 'no-store', credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          window.location.reload();
        })
        .catch(function () {
          window.setTimeout(check, pause(tries));
          tries += 1;
        });
    }
    window.setTimeout(check, FIRST_PAUSE_MS);
  }

  function register(worker) {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) { return; }
    navigator.serviceWorker.register(worker, { scope: script.getAttribute('data-scope') || undefined })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        // The offline page in the language this terminal shows now.
        if (registration.active) {
          registration.active.postMessage({ language: script.getAttribute('data-language') });
        }
      })
      .catch(function () { /* no offline shell; forms still ride out drops */ });
  }

  if (script.hasAttribute('data-offline')) {
    // Opened at its own address (`data-self`), not in place of a page the
    // server did not give: there is nothing to load again.
    if (window.location.pathname !== script.getAttribute('data-self')) {
      waitForServer(script.getAttribute('data-offline'));
    }
  } else if (script.hasAttribute('data-worker')) {
    register(script.getAttribute('data-worker'));
  }
}());
