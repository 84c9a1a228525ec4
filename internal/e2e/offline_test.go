package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Offline: after one visit the service worker has every page, so the site
// works with the network gone.

// swTimeout bounds the service worker's install, which downloads every
// page and app.wasm into the cache.
const swTimeout = 60 * time.Second

func TestOffline(t *testing.T) {
	t.Parallel()
	srv := newServerFor(t, false) // its own origin: its own worker and caches
	b := newTab(t, tabOptions{srv: srv})

	b.open("/")
	// The worker installs (pre-caching everything), activates and claims
	// the page; a reload makes sure a worker controls the page.
	if err := b.tryWaitJS(swTimeout, `navigator.serviceWorker.ready.then(r => !!r.active)`); err != nil {
		t.Fatalf("no active service worker: %v", err)
	}
	// On a loaded machine the worker may still be activating (it deletes
	// older caches, then claims), and a load during that may come from the
	// network: reload until a worker controls the page, within the
	// install's bound, and say what the worker was doing meanwhile.
	deadline := time.Now().Add(swTimeout)
	for b.tryWaitJS(5*time.Second, `!!navigator.serviceWorker.controller`) != nil {
		var state string
		b.eval(`navigator.serviceWorker.getRegistration().then(r => r ? [r.installing && "installing", r.waiting && "waiting", r.active && "active: " + r.active.state].filter(Boolean).join(", ") : "none")`, &state)
		if time.Now().After(deadline) {
			t.Fatalf("no service worker controls / after reloads for %v (registration: %s)", swTimeout, state)
		}
		t.Logf("not controlled yet (registration: %s): reloading", state)
		b.open("/")
	}
	pages := []string{"/", "/errors/babou/RATE_LIMIT_EXCEEDED", "/docs/retries", "/decode", "/simulate", "/web/app.wasm"}
	var list strings.Builder
	for _, p := range pages {
		fmt.Fprintf(&list, "%s,", jsString(p))
	}
	cachedJS := fmt.Sprintf(`(async () => {
		const want = [%s];
		for (const p of want) { if (!(await caches.match(p))) return false; }
		return true;
	})()`, list.String())
	if err := b.tryWaitJS(swTimeout, cachedJS); err != nil {
		var keys []string
		b.eval(`caches.keys()`, &keys)
		t.Fatalf("the pre-cache never held %v: %v (caches %v)", pages, err, keys)
	}

	// A share link of the decoder, made while online.
	b.open("/decode")
	b.paste(readTestdata(t, "curl_i_429.txt"))
	b.waitText("#decode-output", "req_e2e_curl_i")
	b.waitJS("a share link", `location.hash.length > 3`)
	var share string
	b.eval("location.hash", &share)

	// Now the network is gone: the server drops every connection and the
	// tab is offline.
	srv.offline.Store(true)
	b.setOffline(true)
	b.allowUncaught(`(?i)failed to fetch|network`)
	srv.mu.Lock()
	before := len(srv.log)
	srv.mu.Unlock()

	steps := []struct {
		path, sel, want string
	}{
		{"/", "h1", "reference"},
		{"/errors/babou/RATE_LIMIT_EXCEEDED", "h1", "RATE_LIMIT_EXCEEDED"},
		{"/docs/retries", "#main h1", ""},
		{"/decode" + share, "#decode-output", "req_e2e_curl_i"},
		{"/simulate", "h1", "simulator"},
	}
	for _, s := range steps {
		t.Run(strings.SplitN(s.path, "#", 2)[0], func(t *testing.T) {
			if err := b.tryNavigate(s.path); err != nil {
				t.Fatalf("offline, %s does not load: %v", s.path, err)
			}
			b.waitReady()
			b.waitFor(s.sel)
			if s.want != "" {
				js := fmt.Sprintf(`document.querySelector(%s).innerText.toLowerCase().includes(%s)`, jsString(s.sel), jsString(strings.ToLower(s.want)))
				if err := b.tryWaitJS(waitTimeout, js); err != nil {
					t.Errorf("offline %s: %s says %q, want %q", s.path, s.sel, shorten(b.text(s.sel)), s.want)
				}
			}
			if !b.visible(s.sel) {
				t.Errorf("offline %s: %s is not visible", s.path, s.sel)
			}
		})
	}

	t.Run("search offline", func(t *testing.T) {
		b.open("/")
		b.focusAndType("#search", "BSE1005")
		b.waitQuery("BSE1005")
		if res := b.results(); len(res) == 0 || res[0] != "/errors/babysea/BSE1005" {
			t.Errorf("offline search for BSE1005: first result %v", first(res))
		}
	})

	srv.mu.Lock()
	served := srv.log[before:]
	srv.mu.Unlock()
	if len(served) > 0 {
		t.Logf("while offline the page still tried %d requests (all dropped): %v", len(served), first(served, 10))
	}
}

// bannerWindow bounds how long TestFirstVisitNoUpdateBanner watches for
// the "new version" bar after the worker took control. It only limits how
// long a wrong bar is looked for; the test never fails for being slow.
const bannerWindow = 3 * time.Second

// TestFirstVisitNoUpdateBanner: the very first visit installs the service
// worker; that is not an update, so "A new version is available" must not
// show.
func TestFirstVisitNoUpdateBanner(t *testing.T) {
	t.Parallel()
	// A fresh origin in a fresh browser context: no worker yet. (The new
	// worker may take control before the wasm is even ready: it claims
	// the page once its pre-cache is complete.)
	srv := newServerFor(t, false)
	b := newTab(t, tabOptions{srv: srv})
	b.open("/")
	if err := b.tryWaitJS(swTimeout, `navigator.serviceWorker.ready.then(r => r.active && r.active.state === "activated" && !!navigator.serviceWorker.controller)`); err != nil {
		t.Fatalf("the worker never activated and took control: %v", err)
	}
	if err := b.tryWaitJS(bannerWindow, `(() => { const e = document.querySelector("#update-bar"); return e && !e.hidden && e.getBoundingClientRect().height > 0 })()`); err == nil {
		t.Errorf("the first visit shows the update bar: %q", b.text("#update-bar"))
	}
}
