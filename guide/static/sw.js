/* audioguide service worker. The build prepends SHELL_VERSION and SHELL (site-relative paths).
 *
 * Every cache name carries this site's scope and an exact tour id, so two tours ("t" and
 * "t-kids") or two sites on one host ("/a/" and "/b/") never see each other's caches:
 *   "ag|<scope>|shell|<SHELL_VERSION>"  the app shell, precached on install
 *   "ag|<scope>|tour|<tour id>"         a saved tour, filled by the page (offline.js):
 *       <tour>/__ag__/blob/<hash>  one file per content hash (unchanged files are never fetched
 *                                  twice, an update stores only what changed)
 *       <tour>/__ag__/current      the saved version: {version, languages, map: {url: hash},
 *                                  manifest}; written in one put once every file is in place,
 *                                  so pages, tour.json and audio switch versions atomically.
 * Range requests are answered from the saved file exactly as server/byte_ranges.py does.
 */
"use strict";
const SCOPE = self.registration.scope;
const NS = "ag|" + SCOPE + "|";
const SHELL_CACHE = NS + "shell|" + SHELL_VERSION;
const TOUR_CACHE = NS + "tour|";

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
      if (name.startsWith(NS + "shell|") && name !== SHELL_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

/* The tour a URL belongs to: its first path segment below the scope. */
const tourOf = (url) => {
  if (!url.startsWith(SCOPE)) return "";
  const rest = url.slice(SCOPE.length);
  const slash = rest.indexOf("/");
  return slash > 0 ? rest.slice(0, slash) : "";
};

/* Saved tours of this scope, the one `url` belongs to first: [{cache, base, current}]. */
const savedTours = async (url) => {
  const own = tourOf(url);
  const found = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(TOUR_CACHE)) continue;
    const id = name.slice(TOUR_CACHE.length);
    const cache = await caches.open(name);
    const base = new URL(id + "/", SCOPE).href;
    const pointer = await cache.match(base + "__ag__/current");
    if (!pointer) continue;
    const entry = { cache, base, current: await pointer.json() };
    if (id === own) found.unshift(entry); else found.push(entry);
  }
  return found;
};

const blob = (tour, hash) => tour.cache.match(tour.base + "__ag__/blob/" + hash);

/* A stop image in another width or format: the saved one stands in (one width is saved). */
const savedImage = async (tour, key) => {
  const match = /\/images\/(\d+)-\d+-[0-9a-f]+\.\w+$/.exec(key);
  if (!match || !key.startsWith(tour.base)) return undefined;
  const prefix = tour.base + "images/" + match[1] + "-";
  const sibling = Object.keys(tour.current.map).find((u) => u.startsWith(prefix));
  return sibling ? blob(tour, tour.current.map[sibling]) : undefined;
};

const lookup = async (requestUrl) => {
  const key = norm(requestUrl);
  const tours = await savedTours(key);
  for (const tour of tours) {
    const hash = tour.current.map[key];
    if (hash) {
      const hit = await blob(tour, hash);
      if (hit) return hit;
    }
  }
  const shell = await (await caches.open(SHELL_CACHE)).match(key);
  if (shell) return shell;
  for (const tour of tours) {
    const hit = await savedImage(tour, key);
    if (hit) return hit;
  }
  return undefined;
};

/* offline.html and the 404 pages link from the build's site root (data-root): this site's. */
const rebase = (html, root) => {
  const match = /data-root="([^"]*)"/.exec(html);
  return match && match[1] !== root ? html.split('="' + match[1]).join('="' + root) : html;
};

const offlinePage = async () => {
  const cached = await lookup(new URL("offline.html", SCOPE).href);
  const text = cached ? await cached.text() : "<!doctype html><title>Offline</title><h1>Offline</h1>";
  const html = rebase(text, new URL(SCOPE).pathname);
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
};

/* The `Range` header as server/byte_ranges.py reads it: [first, last], "416", or null (200). */
const parseRange = (header, size) => {
  const simple = /^bytes=(\d{1,18})-(\d{0,18})$/.exec(header);
  if (simple) {
    const first = Number(simple[1]);
    if (simple[2] && Number(simple[2]) < first) return null;
    if (first >= size) return "416";
    return [first, Math.min(simple[2] ? Number(simple[2]) : size - 1, size - 1)];
  }
  const eq = header.indexOf("=");
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== "bytes") return null;
  const spec = header.slice(eq + 1).trim();
  if (!spec || spec.includes(",")) return null;
  const dash = spec.indexOf("-");
  if (dash < 0) return null;
  const a = spec.slice(0, dash).trim(), b = spec.slice(dash + 1).trim();
  const digits = (t) => t === "" || (/^[0-9]+$/.test(t) && t.length <= 19);
  if (!digits(a) || !digits(b)) return null;
  if (!a) {
    if (!b) return null;
    const suffix = Number(b);
    if (suffix === 0 || size === 0) return "416";
    return [Math.max(0, size - suffix), size - 1];
  }
  const first = Number(a), last = b ? Number(b) : size - 1;
  if (b && last < first) return null;
  if (first >= size) return "416";
  return [first, Math.min(last, size - 1)];
};

const ranged = async (request) => {
  const hit = await lookup(request.url);
  if (!hit) return fetch(request); /* never stored: partial responses stay out of the caches */
  const ifRange = request.headers.get("if-range");
  if (ifRange !== null && ifRange.trim() !== hit.headers.get("etag")) return hit;
  const body = await hit.blob();
  const size = body.size;
  const wanted = parseRange(request.headers.get("range"), size);
  if (wanted === null) return new Response(body, { status: 200, headers: hit.headers });
  const type = hit.headers.get("content-type") || body.type;
  if (wanted === "416") {
    return new Response(null, {
      status: 416,
      headers: { "Content-Range": "bytes */" + size, "Content-Length": "0", "Content-Type": type },
    });
  }
  const [start, end] = wanted;
  return new Response(body.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": type,
      "Content-Range": "bytes " + start + "-" + end + "/" + size,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    },
  });
};

/* tour.json: the network's, else the saved version's own manifest. */
const manifest = async (request) => {
  try {
    return await fetch(request);
  } catch (err) {
    const tours = await savedTours(norm(request.url));
    const tour = tours.find((t) => norm(request.url) === t.base + "tour.json");
    if (!tour) return Response.error();
    return new Response(JSON.stringify(tour.current.manifest), { headers: { "Content-Type": "application/json" } });
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
  if (path.endsWith("/tour.json")) event.respondWith(manifest(request));
  else if (request.mode === "navigate") event.respondWith(cacheFirst(request, true));
  else if (request.headers.has("range")) event.respondWith(ranged(request));
  else event.respondWith(cacheFirst(request, false));
});
