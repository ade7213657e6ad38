/* audioguide service worker. The build prepends SHELL_VERSION and SHELL (site-relative paths).
 *
 * Caches: "ag-shell-<SHELL_VERSION>" holds the app shell; "ag-tour-<tour>-<version>" holds a
 * downloaded tour (filled by the page, see app.js), marked complete by a "__complete__" entry.
 * Pages and files are answered from the caches first (a complete tour before a newer one still
 * downloading), else from the network; an uncached navigation while offline gets offline.html.
 */
"use strict";
const SCOPE = self.registration.scope;
const SHELL_CACHE = "ag-shell-" + SHELL_VERSION;
const BASE_PLACEHOLDER = "<!--ag:base-->";

/* Cache keys: a folder URL names its index.html; queries and fragments are ignored. */
const norm = (u) => {
  const url = new URL(u, SCOPE);
  url.search = ""; url.hash = "";
  if (url.pathname.endsWith("/index.html")) url.pathname = url.pathname.slice(0, -10);
  else if (!/\/[^/]*\.[^/]*$/.test(url.pathname) && !url.pathname.endsWith("/")) url.pathname += "/";
  return url.href;
};

const fullResponse = async (res) => {
  if (res.status !== 200 || res.redirected) throw new Error(res.status + " " + res.url);
  const headers = new Headers(res.headers);
  headers.delete("content-encoding");
  const blob = await res.blob();
  headers.set("content-length", String(blob.size));
  return new Response(blob, { status: 200, headers });
};

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    await Promise.all(SHELL.map(async (path) => {
      const url = new URL(path, SCOPE).href;
      const res = await fetch(url, { cache: "no-cache" });
      await cache.put(norm(url), await fullResponse(res));
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("ag-shell-") && name !== SHELL_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

/* The tour a URL belongs to: its first path segment below the scope. */
const tourOf = (url) => {
  const rest = url.slice(SCOPE.length);
  const slash = rest.indexOf("/");
  return slash > 0 ? rest.slice(0, slash) : "";
};

const lookup = async (requestUrl) => {
  const key = norm(requestUrl);
  const names = await caches.keys();
  const prefix = "ag-tour-" + tourOf(key) + "-";
  const complete = [], partial = [], others = [];
  for (const name of names) {
    const cache = await caches.open(name);
    if (name.startsWith(prefix)) {
      const mark = await cache.match(norm(new URL("__complete__", new URL(tourOf(key) + "/", SCOPE))));
      (mark ? complete : partial).push(cache);
    } else if (name === SHELL_CACHE) others.unshift(cache);
    else others.push(cache);
  }
  for (const cache of [...complete, ...partial, ...others]) {
    const hit = await cache.match(key);
    if (hit) return hit;
  }
  return undefined;
};

const offlinePage = async () => {
  const cached = await lookup(new URL("offline.html", SCOPE).href);
  const text = cached ? await cached.text() : "<!doctype html><title>Offline</title><h1>Offline</h1>";
  const html = text.replace(BASE_PLACEHOLDER, '<base href="' + SCOPE + '">');
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
};

const ranged = async (request) => {
  const hit = await lookup(request.url);
  if (!hit) return fetch(request); /* never stored: partial responses stay out of the caches */
  const blob = await hit.blob();
  const size = blob.size;
  const match = /^bytes=(\d*)-(\d*)$/.exec((request.headers.get("range") || "").trim());
  let start = -1, end = -1;
  if (match && (match[1] || match[2])) {
    if (!match[1]) { start = Math.max(0, size - Number(match[2])); end = size - 1; }
    else { start = Number(match[1]); end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1; }
  }
  if (start < 0 || start >= size || start > end) {
    return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + size } });
  }
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": hit.headers.get("content-type") || blob.type,
      "Content-Range": "bytes " + start + "-" + end + "/" + size,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    },
  });
};

const networkFirst = async (request) => {
  try {
    return await fetch(request);
  } catch (err) {
    return (await lookup(request.url)) || Response.error();
  }
};

const cacheFirst = async (request, navigation) => {
  const hit = await lookup(request.url);
  if (hit) return hit;
  try {
    return await fetch(request);
  } catch (err) {
    return navigation ? offlinePage() : Response.error();
  }
};

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  if (request.headers.has("x-ag-download")) return; /* the page is filling a tour cache */
  const path = new URL(request.url).pathname;
  if (path.endsWith("/tour.json")) event.respondWith(networkFirst(request));
  else if (request.mode === "navigate") event.respondWith(cacheFirst(request, true));
  else if (request.headers.has("range")) event.respondWith(ranged(request));
  else event.respondWith(cacheFirst(request, false));
});
