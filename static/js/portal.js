/* The portal's page behaviour, kept out of the markup: the Content
   Security Policy runs no inline script or on* handler (web.py).
   - a delete asks first (the page's #confirm-dialog), and only a confirmed
     one is sent: without this script nothing is deleted;
   - Flask-Admin's bulk actions and the "Add" buttons of inline lists;
   - links that only open a menu ("#", or Flask-Admin's "javascript:void(0)",
     which the policy would refuse to run) never navigate.
   Vanilla, nothing fetched. */
(function () {
  'use strict';

  function confirmThenSubmit(button) {
    var dialog = document.getElementById('confirm-dialog');
    if (dialog === null || typeof dialog.showModal !== 'function') {
      if (window.confirm(button.dataset.confirm)) { button.form.submit(); }
      return;
    }
    dialog.querySelector('#confirm-dialog-message').textContent =
      button.dataset.confirm;
    dialog.returnValue = '';
    dialog.addEventListener('close', function () {
      if (dialog.returnValue === 'confirm') { button.form.submit(); }
    }, {once: true});
    dialog.showModal();
  }

  document.addEventListener('click', function (event) {
    var target = event.target.closest(
      '[data-confirm], [data-model-action], [data-inline-add], ' +
      'a[href="#"], a[href^="javascript:"]');
    if (target === null) { return; }
    if (target.matches('a')) { event.preventDefault(); }
    if (target.dataset.confirm) {
      event.preventDefault();
      confirmThenSubmit(target);
    } else if (target.dataset.modelAction) {
      window.modelActions.execute(target.dataset.modelAction);
    } else if (target.dataset.inlineAdd) {
      window.faForm.addInlineField(target, target.dataset.inlineAdd);
    }
  }, true);
})();
