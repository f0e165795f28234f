// Starts the self-hosted Pagefind UI on the search page (the index of the page's language).
// A `?q=` parameter fills in the box and runs the search, so searches can be linked to.
(function () {
  'use strict';
  var box = document.getElementById('search');
  if (!box || typeof window.PagefindUI !== 'function') return;
  var ui = new window.PagefindUI({
    element: '#search',
    bundlePath: box.getAttribute('data-bundle'),
    showSubResults: true,
    showImages: false,
  });
  var query = new URLSearchParams(window.location.search).get('q');
  if (query) ui.triggerSearch(query);
})();
