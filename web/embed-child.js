/* errscope: the /embed/* pages' side of web/embed.js. Loaded on every page
   (Handler.Scripts) and a no-op outside /embed/. It runs before app.wasm:
   it applies ?theme=light|dark (a class on <html>, see web/embed.css) and
   posts the page's height to the parent window whenever it changes, so the
   host's iframe fits its content from the pre-rendered HTML on. The body is
   observed, not a node inside it: app.wasm replaces the pre-rendered tree
   but keeps the body. The message carries only the height and the path. */
(function () {
  "use strict";
  if (!/^\/embed\//.test(location.pathname)) return;
  var root = document.documentElement;
  var theme = new URLSearchParams(location.search).get("theme");
  if (theme === "light" || theme === "dark") root.classList.add("theme-" + theme);
  root.classList.add("embedded");
  if (window.parent === window) return;
  var last = -1;
  function post() {
    if (!document.body) return;
    var h = Math.ceil(document.body.getBoundingClientRect().height);
    if (h === last) return;
    last = h;
    window.parent.postMessage({ type: "errscope:height", height: h, path: location.pathname }, "*");
  }
  function start() {
    if (window.ResizeObserver) new ResizeObserver(post).observe(document.body);
    post();
  }
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
