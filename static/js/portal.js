/* The portal's page behaviour, kept out of the markup: the Content
   Security Policy runs no inline script or on* handler (web.py).
   - a delete asks first (the page's #confirm-dialog), and only a confirmed
     one is sent: without this script nothing is deleted;
   - Flask-Admin's bulk actions and the "Add" buttons of inline lists;
   - links that only open a menu ("#", or Flask-Admin's "javascript:void(0)",
     which the policy would refuse to run) never navigate;
   - select2's "×" that removes a chosen option is named for screen readers
     ("Remove <option>", the script tag's data-remove-choice): select2 adds
     it without text each time an option is chosen.
   Vanilla, nothing fetched. */
(function () {
  'use strict';

  var script = document.currentScript;
  var REMOVE = (script && script.getAttribute('data-remove-choice')) || '%s';

  function nameRemoveControls(root) {
    if (!root.querySelectorAll) { return; }
    var controls = root.querySelectorAll('.select2-search-choice-close:not([aria-label])');
    Array.prototype.forEach.call(controls, function (control) {
      var choice = control.parentNode && control.parentNode.querySelector('div');
      var name = choice ? choice.textContent.trim() : '';
      control.setAttribute('aria-label', REMOVE.replace('%s', name));
      control.setAttribute('title', REMOVE.replace('%s', name));
    });
  }

  if (window.MutationObserver) {
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        Array.prototype.forEach.call(change.addedNodes, function (node) {
          if (node.nodeType === 1) { nameRemoveControls(node.parentNode || node); }
        });
      });
    }).observe(document.documentElement, {childList: true, subtree: true});
  }
  document.addEventListener('DOMContentLoaded', function () {
    nameRemoveControls(document);
  });

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
