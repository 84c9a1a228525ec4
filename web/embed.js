/* errscope embed script: turns placeholders into errscope widgets.

   <script src="https://errscope.netlify.app/web/embed.js" defer></script>
   <div data-errscope="BSE1005"></div>                  a code card (a code only one API uses)
   <div data-errscope="babysea/BSE1005"></div>          a code card of one API
   <div data-errscope-widget="decode"></div>            the decoder
   <div data-errscope-widget="simulate" data-errscope-api="babou"></div>
   optional on any of them: data-theme="light|dark|auto"

   Each placeholder gets an iframe from the script's own origin. The page in
   the iframe posts {type: "errscope:height", height, path} to its parent
   whenever its height changes; only messages from that origin and from one
   of our iframes are believed. Nothing else is sent in either direction. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src, location.href).origin;
  var frames = [];

  function widgetPath(el) {
    var w = (el.getAttribute("data-errscope-widget") || "").toLowerCase();
    if (w === "decode" || w === "simulate") return "/embed/" + w;
    var v = (el.getAttribute("data-errscope") || "").trim();
    if (!/^([a-z]+\/)?[A-Za-z0-9_.\-]+$/.test(v)) return "";
    if (v.indexOf("/") > 0) return "/embed/errors/" + v.split("/")[0].toLowerCase() + "/" + v.split("/")[1];
    return "/embed/code#" + encodeURIComponent(v);
  }

  function build(el) {
    if (el.getAttribute("data-errscope-ready")) return;
    var path = widgetPath(el);
    if (!path) return;
    var hash = "";
    var i = path.indexOf("#");
    if (i >= 0) { hash = path.slice(i); path = path.slice(0, i); }
    var q = [];
    var theme = el.getAttribute("data-theme");
    if (theme === "light" || theme === "dark" || theme === "auto") q.push("theme=" + theme);
    var api = el.getAttribute("data-errscope-api");
    if (api && /^[a-z]+$/.test(api)) q.push("api=" + api);
    var f = document.createElement("iframe");
    f.src = origin + path + (q.length ? "?" + q.join("&") : "") + hash;
    f.title = "errscope: " + (el.getAttribute("data-errscope") || el.getAttribute("data-errscope-widget"));
    f.className = "errscope-frame";
    f.setAttribute("scrolling", "no");
    f.setAttribute("loading", "lazy");
    f.setAttribute("width", "100%");
    f.setAttribute("height", "240");
    f.style.border = "0";
    f.style.width = "100%";
    f.style.height = "240px";
    f.style.overflow = "hidden";
    f.style.display = "block";
    el.setAttribute("data-errscope-ready", "1");
    el.appendChild(f);
    frames.push(f);
  }

  function scan(root) {
    var els = (root || document).querySelectorAll("[data-errscope], [data-errscope-widget]");
    for (var i = 0; i < els.length; i++) build(els[i]);
  }

  window.addEventListener("message", function (e) {
    if (e.origin !== origin) return;
    var d = e.data;
    if (!d || d.type !== "errscope:height" || typeof d.height !== "number") return;
    var h = Math.max(0, Math.min(Math.ceil(d.height), 10000));
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) {
        frames[i].setAttribute("height", String(h));
        frames[i].style.height = h + "px";
      }
    }
  });

  window.errscopeEmbed = { scan: scan };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(); });
  } else {
    scan();
  }
})();
