// Adds a "Copy" button under each ready-to-send text of the "Share this warning" panel. Without
// JavaScript the texts stay in read-only boxes to select by hand. No request leaves the page.
(function () {
  'use strict';
  var panel = document.getElementById('share');
  if (!panel) return;
  var copyLabel = panel.getAttribute('data-copy-label');
  var copiedLabel = panel.getAttribute('data-copied-label');

  function fallbackCopy(box) {
    box.focus();
    box.select();
    try {
      return document.execCommand('copy');
    } catch (e) {
      return false;
    }
  }

  Array.prototype.forEach.call(panel.querySelectorAll('.share-box'), function (box) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'share-copy';
    button.textContent = copyLabel;
    var status = document.createElement('span');
    status.className = 'share-status';
    status.setAttribute('role', 'status');
    function done() {
      status.textContent = copiedLabel;
    }
    button.addEventListener('click', function () {
      status.textContent = '';
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(box.value).then(done, function () {
          if (fallbackCopy(box)) done();
        });
      } else if (fallbackCopy(box)) {
        done();
      }
    });
    box.parentNode.insertBefore(button, box.nextSibling);
    button.parentNode.insertBefore(status, button.nextSibling);
  });
})();
