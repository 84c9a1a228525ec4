// finder.js — the reference pages' loader (home, code pages, guides, embed
// cards). On the tools' pages, where it runs before go-app's app.js, it
// provides the "/" and Ctrl/Cmd-K shortcuts, which must work before their
// binary has started, and the start on intent (onIntent) that app.js uses. These pages are complete as pre-rendered HTML and do not start
// go-app's app.wasm. This script only wires the page:
//   - on the home page it starts /web/finder.wasm, the small Go program that
//     runs the catalog's search (app/finder), on the first intent; nothing
//     here searches;
//   - "/" and Ctrl/Cmd-K focus the search (other pages go to /#search);
//   - copy buttons copy the text of the element they name (data-copy-from);
//   - once the page is interactive it registers the service worker, which
//     pre-caches the whole site (both binaries) for offline use, and shows
//     the update bar when a new version has been installed.
// <html data-finder> says how far it got: "waiting" (for an intent),
// "loading", "ready" or "error: …".
"use strict";
(() => {
  const root = document.documentElement;
  // On the home page finder.js is async and data-search: it may run before
  // the body is parsed, so that the first keystroke starts the finder's
  // download at once; what needs the page waits for it (ready).
  const searchPage = !!(document.currentScript && document.currentScript.hasAttribute("data-search"));
  let box = null;
  let autofocusing = false;

  function setState(s) {
    root.setAttribute("data-finder", s);
  }

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn, { once: true });
    else fn();
  }

  // --- search --------------------------------------------------------------
  // One download of finder.wasm per intent: started by the first intent,
  // even while the page is parsed, and streamed into the compiler.
  const finderURL = "/web/finder.wasm";
  let finderResp = null;
  function download() {
    if (!finderResp) finderResp = fetch(finderURL);
  }
  async function instantiateFinder(importObject) {
    download();
    const resp = finderResp;
    return WebAssembly.instantiateStreaming
      ? (await WebAssembly.instantiateStreaming(resp, importObject)).instance
      : (await WebAssembly.instantiate(await (await resp).arrayBuffer(), importObject)).instance;
  }

  // finderDone settles once the finder runs or failed: the worker's
  // pre-cache waits for it, so as not to compete for the network.
  let finderDone = null;

  // wasm_exec.js is deferred: it has run by DOMContentLoaded, but this
  // async script may run earlier, even once the page is parsed.
  function goLoaded() {
    return new Promise((resolve) => {
      if (typeof Go === "function" || document.readyState === "complete") return resolve();
      document.addEventListener("DOMContentLoaded", resolve, { once: true });
      window.addEventListener("load", resolve, { once: true });
    });
  }

  async function startFinder() {
    await goLoaded();
    if (typeof Go !== "function" || !("WebAssembly" in window)) {
      setState("error: WebAssembly is not available");
      return;
    }
    try {
      const go = new Go();
      go.run(await instantiateFinder(go.importObject)); // sets data-finder="ready" once the box is live
    } catch (err) {
      setState("error: " + err);
      console.error("finder.wasm failed:", err);
    }
  }

  function focusSearch() {
    box.focus();
    box.select();
  }

  // Like an autofocus attribute, but not on touch screens (the keyboard
  // would cover the page) and not when the person already moved the focus.
  function autofocus() {
    if (location.hash === "#search") {
      history.replaceState(history.state, "", location.pathname + location.search);
      focusSearch();
      return;
    }
    const coarse = window.matchMedia && matchMedia("(pointer: coarse)").matches;
    if (!coarse && (document.activeElement === null || document.activeElement === document.body)) {
      const n = box.value.length;
      autofocusing = true; // our own focus is no intent: the first keystroke is
      box.focus();
      autofocusing = false;
      box.setSelectionRange(n, n);
    }
  }

  // --- keyboard ------------------------------------------------------------
  function typing(t) {
    if (!t) return false;
    return t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable;
  }

  // Not in the embeds, which have no site navigation: a page that embeds
  // a widget keeps its own keys.
  document.addEventListener("keydown", (e) => {
    if (!box && !document.getElementById("nav-reference")) return;
    const mod = e.ctrlKey || e.metaKey;
    const k = e.key;
    if (!((mod && (k === "k" || k === "K")) || (k === "/" && !mod && !e.altKey && !typing(e.target)))) {
      return;
    }
    e.preventDefault();
    if (box) {
      focusSearch();
    } else {
      location.assign("/#search");
    }
  });

  // --- copy buttons ----------------------------------------------------------
  document.addEventListener("click", (e) => {
    const b = e.target.closest && e.target.closest("button[data-copy-from]");
    if (!b || !navigator.clipboard) return;
    const src = document.getElementById(b.getAttribute("data-copy-from"));
    if (!src) return;
    navigator.clipboard.writeText(src.textContent).then(() => {
      const label = b.textContent;
      b.textContent = "Copied";
      setTimeout(() => { b.textContent = label; }, 1500);
    }, () => {});
  });

  // --- offline and updates ---------------------------------------------------
  const controlledAtStart = "serviceWorker" in navigator && !!navigator.serviceWorker.controller;

  function showUpdate() {
    const bar = document.getElementById("update-bar");
    if (!bar || !controlledAtStart) return; // a first visit runs the newest version already
    bar.hidden = false;
    const reload = document.getElementById("update-reload");
    if (reload) reload.addEventListener("click", () => location.reload());
  }

  async function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    try {
      const reg = await navigator.serviceWorker.register("/app-worker.js");
      reg.addEventListener("updatefound", () => {
        const w = reg.installing;
        if (!w) return;
        w.addEventListener("statechange", () => {
          if (w.state === "activated") showUpdate();
        });
      });
      setInterval(() => reg.update().catch(() => {}), 5 * 60 * 1000);
    } catch (err) {
      console.error("service worker registration failed:", err);
    }
  }

  // After the page answers: the worker's pre-cache (every page and both
  // binaries) must not compete with the first search for the network.
  function whenIdle(fn) {
    const later = () => (window.requestIdleCallback ? requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 200));
    if (document.readyState === "complete") later();
    else window.addEventListener("load", later, { once: true });
  }

  // onIntent calls start once, on the first sign that the person is about
  // to use the page — a pointer, key, focus, touch, paste or drop — or at
  // once when now is true. Our own autofocus is no such sign. The home page
  // starts the finder this way, and the tools' pages go-app's binary
  // (internal/site.StartOnIntent rewrites app.js to call it), so a visitor
  // who only reads pays no main-thread time for either.
  const intentEvents = ["pointerdown", "keydown", "focusin", "touchstart", "paste", "dragenter", "input"];
  function onIntent(start, now) {
    let started = false;
    const once = () => {
      if (started || autofocusing) return;
      started = true;
      intentEvents.forEach((e) => removeEventListener(e, once, true));
      start();
    };
    intentEvents.forEach((e) => addEventListener(e, once, { capture: true, passive: true }));
    if (now) once();
    return once;
  }
  window.errscopeOnIntent = onIntent;
  window.errscopeWhenIdle = whenIdle;

  // The home page's finder: the first intent — even while the page is
  // still being parsed — starts the download, and the finder once
  // wasm_exec.js has run; a query in the URL starts it at once.
  let startSearch = null;
  if (searchPage) {
    setState("waiting");
    startSearch = onIntent(() => {
      setState("loading");
      download();
      finderDone = new Promise((resolve) => {
        const mo = new MutationObserver(() => {
          const f = root.getAttribute("data-finder") || "";
          if (f === "ready" || f.startsWith("error")) {
            mo.disconnect();
            resolve();
          }
        });
        mo.observe(root, { attributes: true, attributeFilter: ["data-finder"] });
      });
      ready(startFinder);
    }, location.search.length > 1 || !!(document.getElementById("search") || {}).value); // typed into before this ran
  }

  // Once the page is idle the binary is prefetched into the HTTP cache
  // ahead of the first keystroke, at the lowest priority, unless an intent
  // already started its download. A search typed while the prefetch runs
  // fetches the same URL, and Chrome serves it from that one download (or
  // a 304): TestFinderDownloadsOnce counts the server's 200s. Not
  // preloaded with the HTML, which would compete with the first paint, nor
  // fetched or compiled by script at idle: both cost Lighthouse's home page
  // 300–1000 ms of blocking time (measured).
  // The worker's pre-cache, which fetches every page and both binaries,
  // waits for the finder when an intent started it.
  function prefetchThenWorker() {
    if (!finderResp) {
      const l = document.createElement("link");
      l.rel = "prefetch";
      l.as = "fetch";
      l.crossOrigin = "anonymous";
      l.href = finderURL;
      document.head.appendChild(l);
    }
    (finderDone || Promise.resolve()).then(registerWorker);
  }

  ready(() => {
    box = document.getElementById("search");
    // On the tools' pages (go-app's loader is there) only the shortcuts are
    // ours: go-app starts its binary, the worker and the update bar.
    if (document.getElementById("app-wasm-loader")) return;
    if (box && startSearch) {
      if (box.value !== "") startSearch(); // a value the browser restored
      autofocus();
      whenIdle(prefetchThenWorker);
    } else {
      setState("ready");
      whenIdle(registerWorker);
    }
  });
})();
