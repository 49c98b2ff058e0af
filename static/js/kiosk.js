/* The self-service terminal: scanner focus, camera QR decoding (vendored
   jsQR), idle reset, single submits, printing. Vanilla, nothing fetched. */
(function () {
  'use strict';

  /* --- Idle: back to the start screen, signed out, session cleared. --- */
  function watchIdle() {
    var form = document.getElementById('idle-form');
    if (!form) { return; }
    var seconds = parseInt(form.getAttribute('data-idle-seconds'), 10) || 120;
    var timer = null;
    function reset() {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () { form.requestSubmit(); }, seconds * 1000);
    }
    ['pointerdown', 'keydown', 'touchstart', 'input', 'wheel'].forEach(function (name) {
      document.addEventListener(name, reset, { passive: true, capture: true });
    });
    reset();
  }

  /* --- Forms send once: a second tap while the first is on its way does
     nothing (the server also shrugs off repeats). --- */
  function sendOnce() {
    document.querySelectorAll('form[data-once]').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        if (form.getAttribute('data-sent')) { event.preventDefault(); return; }
        form.setAttribute('data-sent', '1');
        form.querySelectorAll('button[type=submit]').forEach(function (b) {
          b.setAttribute('aria-busy', 'true');
        });
      });
    });
  }

  /* --- Scanner field: a keyboard-wedge scanner types the payload and Enter
     into whatever has focus, so keep the scan field focused unless the
     helper is typing somewhere else. --- */
  function keepScanFocus(field) {
    document.addEventListener('click', function (event) {
      var target = event.target;
      if (target.closest && target.closest('input, select, textarea, a, button, label')) { return; }
      field.focus();
    });
    field.focus();
  }

  /* Decode one camera frame; null when there is no QR in it. */
  function decode(imageData) {
    if (typeof window.jsQR !== 'function') { return null; }
    var found = window.jsQR(imageData.data, imageData.width, imageData.height,
                            { inversionAttempts: 'attemptBoth' });
    return found ? found.data : null;
  }

  function cameraScanner(form, field) {
    var start = form.querySelector('[data-camera]');
    var view = form.querySelector('[data-camera-view]');
    if (!start || !view || typeof window.jsQR !== 'function' ||
        !(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) {
      return;
    }
    var video = view.querySelector('video');
    var canvas = view.querySelector('canvas');
    var context = canvas.getContext('2d', { willReadFrequently: true });
    var stream = null;
    start.hidden = false;

    function stop() {
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
      stream = null;
      view.hidden = true;
      start.hidden = false;
    }
    function frame() {
      if (!stream) { return; }
      if (video.readyState === video.HAVE_ENOUGH_DATA) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var text = decode(context.getImageData(0, 0, canvas.width, canvas.height));
        if (text) {
          stop();
          field.value = text;
          form.requestSubmit();
          return;
        }
      }
      requestAnimationFrame(frame);
    }
    start.addEventListener('click', function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          video.play();
          view.hidden = false;
          start.hidden = true;
          requestAnimationFrame(frame);
        })
        .catch(function () { start.hidden = true; field.focus(); });
    });
    view.querySelector('[data-camera-stop]').addEventListener('click', function () {
      stop();
      field.focus();
    });
    window.addEventListener('pagehide', stop);
  }

  function scanners() {
    var forms = document.querySelectorAll('form[data-scan]');
    forms.forEach(function (form) {
      var field = form.querySelector('input[name=code]');
      cameraScanner(form, field);
    });
    if (forms.length === 1) {
      keepScanFocus(forms[0].querySelector('input[name=code]'));
    }
  }

  /* --- Materials: "has it" and "promises to supply" exclude each other. --- */
  function materials() {
    document.querySelectorAll('[data-material]').forEach(function (row) {
      var provided = row.querySelector('[data-provided]');
      var promised = row.querySelector('[data-promised]');
      if (!provided || !promised) { return; }
      provided.addEventListener('change', function () { if (provided.checked) { promised.checked = false; } });
      promised.addEventListener('change', function () { if (promised.checked) { provided.checked = false; } });
    });
  }

  /* --- Green channel: its fields show when it is ticked. --- */
  function greenChannel() {
    var toggle = document.querySelector('[data-green-toggle]');
    var fields = document.querySelector('[data-green-fields]');
    if (!toggle || !fields) { return; }
    function sync() { fields.hidden = !toggle.checked; }
    toggle.addEventListener('change', sync);
    sync();
  }

  /* --- Printing: the Print button, and a receipt opened straight from
     registering prints itself once (silently under --kiosk-printing). --- */
  function printing() {
    document.querySelectorAll('[data-print]').forEach(function (button) {
      button.addEventListener('click', function () { window.print(); });
    });
    if (document.querySelector('[data-autoprint]')) {
      window.addEventListener('load', function () {
        window.print();
        // Coming back to this page (or reloading it) does not print again.
        window.history.replaceState(null, '', window.location.pathname);
      });
    }
  }

  window.BangbanKiosk = { decode: decode };

  document.addEventListener('DOMContentLoaded', function () {
    watchIdle();
    sendOnce();
    scanners();
    materials();
    greenChannel();
    printing();
  });
}());
