// errscope's service worker: go-app's Handler.ServiceWorkerTemplate, with
// {{.Version}} and {{.ResourcesToCache}} filled in at build time.
//
// Differences from go-app's default worker:
// - install waits for the pre-cache (event.waitUntil), so a worker whose
//   cache is incomplete never takes over;
// - every page is pre-cached (the build lists them all), and navigations
//   are answered cache-first ignoring the query string (/?q=rate is /), with
//   the cached "/404" as the fallback for any other path when the network is
//   down (the tools binary renders it for the path in the address bar), so
//   every page and /decode#… work offline after one visit;
// - it is registered by go-app's app.js on the tools' pages and by
//   web/finder.js on the reference pages, once they are interactive.
// The push-notification handlers are go-app's, unchanged.

// -----------------------------------------------------------------------------
// PWA
// -----------------------------------------------------------------------------
const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};

self.addEventListener("install", (event) => {
  console.log("installing app worker {{.Version}}");
  event.waitUntil(
    (async () => {
      const cache = await caches.open(cacheName);
      await cache.addAll(resourcesToCache);
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      await deletePreviousCaches();
      await self.clients.claim();
      console.log("app worker {{.Version}} is activated");
    })()
  );
});

async function deletePreviousCaches() {
  const keys = await caches.keys();
  await Promise.all(
    keys.map(async (key) => {
      if (key !== cacheName) {
        try {
          console.log("deleting", key, "cache");
          await caches.delete(key);
        } catch (err) {
          console.error("deleting", key, "cache failed:", err);
        }
      }
    })
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  event.respondWith(fetchWithCache(request));
});

async function fetchWithCache(request) {
  const navigate = request.mode === "navigate";
  const cache = await caches.open(cacheName);
  let cached = await cache.match(request, { ignoreSearch: navigate });
  if (!cached && navigate) {
    // "/decode/" is "/decode".
    const url = new URL(request.url);
    if (url.pathname.length > 1 && url.pathname.endsWith("/")) {
      cached = await cache.match(url.pathname.replace(/\/+$/, ""));
    }
  }
  if (cached) {
    return cached;
  }
  try {
    return await fetch(request);
  } catch (err) {
    if (navigate) {
      const fallback = await cache.match("/404");
      if (fallback) {
        return fallback;
      }
    }
    throw err;
  }
}

// -----------------------------------------------------------------------------
// Push Notifications
// -----------------------------------------------------------------------------
self.addEventListener("push", (event) => {
  event.waitUntil((async () => {
    let notification;

    try {
      notification = event.data ? event.data.json() : null;
    } catch {
      notification = null;
    }

    if (!notification) {
      return;
    }

    await showNotification(self.registration, notification);
  })());
});

self.addEventListener("message", (event) => {
  const msg = event.data;
  if (!msg || msg.type !== "goapp:notify") {
    return;
  }

  event.waitUntil(
    showNotification(self.registration, msg.options)
  );
});

async function showNotification(registration, notification) {
  const title = notification.title || "Notification";

  let actions = [];
  for (let i in notification.actions) {
    const action = notification.actions[i];
    actions.push({
      action: action.action,
      path: action.path,
    });
    delete action.path;
  }

  await registration.showNotification(title, {
    body: notification.body,
    icon: notification.icon,
    badge: notification.badge,
    actions: notification.actions,
    data: {
      goapp: {
        path: notification.path,
        actions: actions
      }
    }
  });
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();

  const notification = event.notification;
  let path = notification.data.goapp.path;

  for (let i in notification.data.goapp.actions) {
    const action = notification.data.goapp.actions[i];
    if (action.action === event.action) {
      path = action.path;
      break;
    }
  }

  event.waitUntil(
    clients
      .matchAll({
        type: "window",
      })
      .then((clientList) => {
        for (var i = 0; i < clientList.length; i++) {
          let client = clientList[i];
          if ("focus" in client) {
            client.focus();
            client.postMessage({
              goapp: {
                type: "notification",
                path: path,
              },
            });
            return;
          }
        }

        if (clients.openWindow) {
          return clients.openWindow(path);
        }
      })
  );
});
