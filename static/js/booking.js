/* The booking form: a second tap while the first booking is on its way
   would book twice, so the form is sent once; coming back to the page
   (the browser's back button) lets it be sent again. Vanilla. */
(function () {
  'use strict';
  var form = document.getElementById('booking-form');
  if (form === null) { return; }
  var button = form.querySelector('button[type=submit]');
  form.addEventListener('submit', function (event) {
    if (button.dataset.sent) { event.preventDefault(); return; }
    button.dataset.sent = '1';
  });
  window.addEventListener('pageshow', function () {
    delete button.dataset.sent;
  });
})();
