// The colour theme, applied before the first paint (index.html loads this file, blocking, in <head>):
// data-theme="light" or "dark" on <html>, from the saved choice `parley.theme` (system, light or dark).
// "system" follows prefers-color-scheme, also when it changes; another tab's choice applies here too.
// A file rather than an inline script: the page's CSP (helmet's default) allows scripts from 'self' only.
(function () {
  var system = window.matchMedia('(prefers-color-scheme: dark)');
  function choice() {
    try {
      var saved = localStorage.getItem('parley.theme');
      return saved === 'light' || saved === 'dark' ? saved : 'system';
    } catch {
      return 'system';
    }
  }
  function apply() {
    var chosen = choice();
    document.documentElement.setAttribute('data-theme', chosen === 'system' ? (system.matches ? 'dark' : 'light') : chosen);
  }
  apply();
  system.addEventListener('change', apply);
  window.addEventListener('storage', function (event) {
    if (event.key === 'parley.theme') apply();
  });
})();
