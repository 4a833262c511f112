/* Seamline phone app service worker, shell {{ version }}.
 * Keeps the app shell (the page and its scripts and styles) so the app opens offline:
 * network first, the cache when the network fails or is too slow. The API is never cached:
 * scans wait in the page's IndexedDB queue instead. */
"use strict";

const CACHE_PREFIX = "seamline-mobile-";
const CACHE = CACHE_PREFIX + "{{ version }}";
const START_URL = {{ start_url|safe }};
const SHELL = {{ shell|safe }};
const STATIC_PREFIX = {{ static_prefix|safe }};
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // One missing file must not cost the whole offline start.
    await Promise.allSettled(SHELL.map((url) => cache.add(url)));
    try {
      // The page too, so one online visit is enough to open it offline later.
      const page = await fetch(START_URL, { credentials: "same-origin", cache: "no-store" });
      if (page.ok && !page.redirected) await cache.put(START_URL, page);
    } catch (error) {
      // Offline while installing: the page is kept on its next visit.
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(
      names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE).map((n) => caches.delete(n))
    );
    await self.clients.claim();
  })());
});

function timeout(ms) {
  return new Promise((resolve, reject) => setTimeout(() => reject(new Error("timeout")), ms));
}

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then((response) => {
    // Only real answers are kept: no login redirects, no errors.
    if (response.ok && response.type === "basic" && !response.redirected) {
      cache.put(key, response.clone());
    }
    return response;
  });
  try {
    return await Promise.race([network, timeout(NETWORK_TIMEOUT_MS)]);
  } catch (error) {
    const options = { ignoreSearch: true, ignoreVary: true };
    const cached = (await cache.match(key, options)) || (await cache.match(request, options));
    if (cached) return cached;
    return network;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (!url.pathname.startsWith(START_URL)) return;
    event.respondWith(
      networkFirst(request, url.pathname).then(
        (response) => response,
        async () => {
          const cache = await caches.open(CACHE);
          const page = await cache.match(START_URL, { ignoreSearch: true, ignoreVary: true });
          return page || Response.error();
        }
      )
    );
    return;
  }
  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(networkFirst(request, url.pathname));
  }
});
