/* The window desk: keep the queue fresh without reloading, and make a second
 * click on a button harmless (the server refuses it anyway; this saves a trip).
 */
(function () {
  'use strict';

  var POLL_MS = 3000;
  var RETRY_MS = 10000;
  var desk = document.getElementById('desk');
  if (!desk) { return; }

  function cell(text, className) {
    var td = document.createElement('td');
    if (className) { td.className = className; }
    td.textContent = text;
    return td;
  }

  function badge(text, kind) {
    var span = document.createElement('span');
    span.className = 'badge badge-' + kind + ' ml-1';
    span.textContent = text;
    return span;
  }

  function renderQueue(queue) {
    var body = document.getElementById('queue');
    var rows = queue.map(function (ticket) {
      var row = document.createElement('tr');
      if (ticket.green) { row.className = 'table-danger'; }
      row.appendChild(cell(ticket.label, 'label-cell'));
      var item = cell(ticket.item || '—');
      if (ticket.green) { item.appendChild(badge(desk.dataset.green, 'danger')); }
      if (ticket.kind_label) { item.appendChild(badge(ticket.kind_label, 'info')); }
      row.appendChild(item);
      row.appendChild(cell(ticket.service_form || '—'));
      row.appendChild(cell(ticket.issued_at));
      return row;
    });
    if (!rows.length) {
      var empty = cell(desk.dataset.empty, 'text-muted');
      empty.colSpan = 4;
      var row = document.createElement('tr');
      row.appendChild(empty);
      rows = [row];
    }
    body.replaceChildren.apply(body, rows);
    document.getElementById('waiting').textContent = String(queue.length);
  }

  /* Someone typing a transfer reason is not interrupted by a reload, nor
   * an action steady.js is still sending (the connection dropped). */
  function busy() {
    if (document.documentElement.classList.contains('steady-sending')) { return true; }
    var active = document.activeElement;
    return active && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
  }

  function poll() {
    fetch(desk.dataset.state, {cache: 'no-store', credentials: 'same-origin',
                               headers: {Accept: 'application/json'}})
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        renderQueue(data.queue);
        if (data.stamp !== desk.dataset.stamp && !busy()) {
          window.location.reload();  // my open tickets changed elsewhere
          return;
        }
        window.setTimeout(poll, POLL_MS);
      })
      .catch(function () { window.setTimeout(poll, RETRY_MS); });
  }

  document.addEventListener('submit', function (event) {
    var buttons = event.target.querySelectorAll('button[type="submit"]');
    window.setTimeout(function () {
      buttons.forEach(function (button) { button.disabled = true; });
    }, 0);
  });

  window.setTimeout(poll, POLL_MS);
}());
