// mixedflows offline worker: a reload of the arrival grid without a connection shows the grid's kept copy.
// It keeps only what the grid page asks it to keep (the grid's empty copy and the page's scripts and
// styles) and answers from that cache only when the network fails; every other page goes to the network.
"use strict";
const CACHE = "mixedflows-grid";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "keep") return;
  const reply = event.ports[0];
  event.waitUntil(keep(message).then(
    () => reply && reply.postMessage("kept"),
    () => reply && reply.postMessage("failed"),
  ));
});

async function keep({ page, copy, assets }) {
  const cache = await caches.open(CACHE);
  const sameOrigin = (url) => new URL(url, self.location.href).origin === self.location.origin;
  const copyResponse = await fetch(copy, { credentials: "same-origin", cache: "no-store" });
  // A redirect is the sign-in page: never keep it in place of the grid.
  if (!copyResponse.ok || copyResponse.redirected || !sameOrigin(page)) throw new Error("not kept");
  await cache.put(page, copyResponse);
  await Promise.all((assets || []).filter(sameOrigin).map(async (url) => {
    const response = await fetch(url, { credentials: "same-origin" });
    if (response.ok) await cache.put(url, response);
  }));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).catch(async () => {
      const kept = await caches.match(request.url, { ignoreVary: true, cacheName: CACHE });
      return kept || Response.error();
    }),
  );
});
