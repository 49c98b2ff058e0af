/* The holiday notice form: another row of holidays or working days. */
(function () {
document.querySelectorAll('.add-row').forEach(function (button) {
  button.addEventListener('click', function () {
    var body = document.querySelector('#' + button.dataset.table + ' tbody');
    var last = body.rows[body.rows.length - 1];
    if (body.rows.length >= 60) { return; }
    var row = last.cloneNode(true), number = body.rows.length + 1;
    row.cells[0].textContent = number;
    row.querySelectorAll('input').forEach(function (input) {
      input.name = input.name.replace(/_\d+$/, '_' + number);
      input.value = '';
    });
    body.appendChild(row);
  });
});
})();
