/* audioguide offline copy of a tour: the packs of tour.json, content-addressed Cache API storage
   (the layout is described at the top of sw.js), progress, quota, eviction and the saved-languages
   marks. Loaded before app.js, which calls `audioguide.offline(shared)` with the page's data,
   strings and helpers (defined once, there) and starts each page as before. */
(() => {
  "use strict";
  const offline = ({ ROOT, siteRoot, data, T, $, fill, store, megabytes, percentText }) => {
    /* Cache keys: the same rule as sw.js (a folder URL names its index.html). */
    const norm = (u) => {
      const url = new URL(u, location.href);
      url.search = ""; url.hash = "";
      if (url.pathname.endsWith("/index.html")) url.pathname = url.pathname.slice(0, -10);
      else if (!/\/[^/]*\.[^/]*$/.test(url.pathname) && !url.pathname.endsWith("/")) url.pathname += "/";
      return url.href;
    };

    const tourBase = data.tour ? new URL(ROOT + data.tour + "/", location.href) : null;
    const tourJson = tourBase ? new URL("tour.json", tourBase).href : "";
    const SCOPE = siteRoot.href;
    const CACHE = "ag|" + SCOPE + "|tour|" + data.tour;
    const CURRENT = tourBase ? new URL("__ag__/current", tourBase).href : "";
    const blobKey = (hash) => new URL("__ag__/blob/" + hash, tourBase).href;
    const DL_KEY = "ag:dl:" + siteRoot.pathname + ":" + data.tour; /* per site and tour */
    const hasCaches = "caches" in window && !!(window.crypto && crypto.subtle);

    /* The saved version ({version, languages, map, manifest}), or null. */
    const savedCurrent = async () => {
      if (!(await caches.has(CACHE))) return null;
      const res = await (await caches.open(CACHE)).match(CURRENT);
      return res ? res.json() : null;
    };
    const fetchManifest = async () => {
      const res = await fetch(tourJson, { cache: "no-cache" });
      if (!res.ok) throw new Error(res.status + " tour.json");
      return res.json();
    };
    /* Every file of the shared pack and of `languages`: [{url, key, bytes, hash}]. */
    const packFiles = (manifest, languages) => {
      const byUrl = new Map(manifest.files.map((f) => [f.url, f]));
      const urls = new Set(manifest.packs.shared.files);
      for (const lang of languages) for (const u of manifest.packs.languages[lang].files) urls.add(u);
      return [...urls].map((u) => {
        const f = byUrl.get(u);
        const url = new URL(u, tourJson).href;
        return { url, key: norm(url), bytes: f.bytes, hash: f.hash };
      });
    };
    const missingFiles = async (cache, files) => {
      const todo = [], seen = new Set();
      for (const f of files) {
        if (seen.has(f.hash)) continue;
        seen.add(f.hash);
        if (!(await cache.match(blobKey(f.hash)))) todo.push(f);
      }
      return todo;
    };
    const packBytes = (manifest, languages) => packFiles(manifest, languages).reduce((a, f) => a + f.bytes, 0);

    class Stale extends Error {} /* the site was rebuilt while we downloaded */
    class NoSpace extends Error {
      constructor(bytes) { super("quota"); this.bytes = bytes; }
    }
    const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");

    /* Fetch what `languages` need of `manifest` and is not saved, check every hash, then switch. */
    const saveVersion = async (manifest, languages, onProgress) => {
      const cache = await caches.open(CACHE);
      const files = packFiles(manifest, languages);
      const todo = [];
      for (const f of await missingFiles(cache, files)) {
        /* a file this browser already holds (the app shell, another cache): checked, not fetched */
        const held = await caches.match(f.key);
        const body = held && (await held.blob());
        if (body && hex(await crypto.subtle.digest("SHA-256", await body.arrayBuffer())).slice(0, 16) === f.hash) {
          await cache.put(blobKey(f.hash), new Response(body, { status: 200, headers: held.headers }));
        } else todo.push(f);
      }
      const total = todo.reduce((a, f) => a + f.bytes, 0);
      if (navigator.storage && navigator.storage.estimate) {
        const e = await navigator.storage.estimate();
        if (e.quota && e.quota - (e.usage || 0) < total) throw new NoSpace(total - (e.quota - (e.usage || 0)));
      }
      let loaded = 0, next = 0, left = total, failed = false;
      /* One write at a time: over quota, Chromium leaves parallel Cache API puts pending for ever
         instead of rejecting them, so the download would hang where it must say "no space". */
      let writes = Promise.resolve();
      const put = (key, response) => (writes = writes.then(() => cache.put(key, response)));
      onProgress(0, total);
      const worker = async () => {
        try { await work(); } catch (err) { failed = true; throw err; }
      };
      const work = async () => {
        while (!failed && next < todo.length) {
          const f = todo[next++];
          const source = f.url.endsWith("/") ? f.url + "index.html" : f.url;
          const res = await fetch(source, { headers: { "X-AG-Download": "1" }, cache: "no-cache" });
          if (res.status === 404) throw new Stale(source);
          if (res.status !== 200 || res.redirected) throw new Error(res.status + " " + new URL(source).pathname);
          const reader = res.body.getReader();
          const chunks = [];
          let got = 0;
          for (;;) {
            const step = await reader.read();
            if (step.done) break;
            chunks.push(step.value);
            got += step.value.length;
            loaded += step.value.length;
            onProgress(Math.min(loaded, total), total);
          }
          const headers = new Headers(res.headers);
          headers.delete("content-encoding");
          headers.set("content-length", String(got));
          const body = new Blob(chunks, { type: headers.get("content-type") || "" });
          const hash = hex(await crypto.subtle.digest("SHA-256", await body.arrayBuffer())).slice(0, 16);
          if (hash !== f.hash) throw new Stale(source);
          try {
            await put(blobKey(f.hash), new Response(body, { status: 200, headers }));
          } catch (err) {
            if (err && err.name === "QuotaExceededError") throw new NoSpace(left);
            throw err;
          }
          left -= f.bytes;
          loaded += Math.max(0, f.bytes - got); /* tour.json's sizes are the unit of the bar */
          onProgress(Math.min(loaded, total), total);
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      const map = {};
      for (const f of files) map[f.key] = f.hash;
      const current = { version: manifest.version, languages, map, manifest };
      await cache.put(CURRENT, new Response(JSON.stringify(current), { headers: { "Content-Type": "application/json" } }));
      store.set(DL_KEY, manifest.version);
      const keep = new Set(Object.values(map).map(blobKey));
      for (const request of await cache.keys()) {
        if (request.url !== CURRENT && !keep.has(request.url)) await cache.delete(request);
      }
      onProgress(total, total);
      return current;
    };

    let busy = null;
    /* Save `languages` (added to those already saved), following a rebuild that happens meanwhile. */
    const save = (languages, onProgress) => {
      if (busy) return busy;
      busy = (async () => {
        try {
          for (let attempt = 0; ; attempt++) {
            const manifest = await fetchManifest();
            const saved = await savedCurrent();
            const wanted = [...new Set([...(saved ? saved.languages : []), ...languages])]
              .filter((l) => manifest.languages.includes(l));
            try {
              return await saveVersion(manifest, wanted, onProgress);
            } catch (err) {
              if (!(err instanceof Stale) || attempt >= 3) throw err;
            }
          }
        } finally { busy = null; }
      })();
      return busy;
    };

    const showStorage = async () => {
      const el = $("storage");
      if (!el || !navigator.storage || !navigator.storage.estimate) return;
      const e = await navigator.storage.estimate();
      el.textContent = fill(T.storage, { used: megabytes(e.usage || 0), quota: megabytes(e.quota || 0) });
    };

    /* The language picker marks the languages saved; offline, an unsaved one says so. */
    const markLanguages = (saved) => {
      const held = saved ? saved.languages : [];
      for (const a of document.querySelectorAll(".langs a[data-lang]")) {
        const lang = a.dataset.lang;
        let mark = a.querySelector(".saved-mark");
        if (!mark) {
          mark = document.createElement("span");
          mark.className = "saved-mark";
          a.append(mark);
        }
        mark.textContent = held.includes(lang) ? " ✓" : "";
        mark.title = held.includes(lang) ? T.saved : "";
        a.dataset.saved = held.includes(lang) ? "1" : "";
        a.setAttribute("aria-description", held.includes(lang) ? T.saved : saved ? T.not_saved : "");
      }
    };
    const languageNotice = (text) => {
      let p = $("lang-status");
      if (!p) {
        p = document.createElement("p");
        p.id = "lang-status";
        p.className = "notice";
        p.setAttribute("role", "status");
        $("main").prepend(p);
      }
      p.textContent = text;
    };
    const setupLanguageGuard = async () => {
      if (!hasCaches || !tourBase) return;
      let saved = null;
      try { saved = await savedCurrent(); } catch (e) { return; }
      markLanguages(saved);
      if (!saved) return;
      document.addEventListener("click", (e) => {
        const a = e.target.closest && e.target.closest(".langs a[data-lang]");
        if (!a || navigator.onLine || saved.languages.includes(a.dataset.lang)) return;
        e.preventDefault();
        const label = a.childNodes[0] ? a.childNodes[0].textContent.trim() : a.dataset.lang;
        languageNotice(fill(T.not_saved_offline, { language: label }));
      }, true);
    };

    const setupDownload = async () => {
      const section = document.querySelector(".offline");
      if (!section) return;
      if (!hasCaches || !tourBase) { section.hidden = true; return; }
      const button = $("download"), bar = $("download-progress"), status = $("download-status");
      const others = $("download-others"), list = $("download-other-list");
      const lang = document.documentElement.lang;
      let manifest = null, saved = null;
      try { saved = await savedCurrent(); } catch (e) { saved = null; }
      try { manifest = await fetchManifest(); } catch (e) { manifest = saved && saved.manifest; }
      if (!manifest || !manifest.packs) { section.hidden = true; return; }
      const name = (l) => (data.names && data.names[l]) || l;
      const progress = (label) => (loaded, total) => {
        const percent = total ? Math.floor((loaded / total) * 100) : 100;
        bar.hidden = false;
        bar.value = percent;
        bar.setAttribute("aria-valuetext", percentText(percent));
        status.textContent = fill(label, { percent: percentText(percent) });
      };
      const render = () => {
        const held = saved ? saved.languages : [];
        const current = saved && saved.version === manifest.version;
        button.hidden = current && held.includes(lang);
        button.disabled = false;
        button.textContent = fill(T.download_in, { language: name(lang), size: megabytes(packBytes(manifest, [lang])) });
        list.replaceChildren();
        for (const other of manifest.languages) {
          if (other === lang) continue;
          const li = document.createElement("li");
          if (current && held.includes(other)) {
            li.textContent = name(other) + " · " + T.saved;
          } else {
            const b = document.createElement("button");
            b.type = "button";
            b.className = "button";
            b.dataset.pack = other;
            b.textContent = fill(T.download_in, { language: name(other), size: megabytes(packBytes(manifest, [other])) });
            b.addEventListener("click", () => start([other], T.downloading));
            li.append(b);
          }
          list.append(li);
        }
        others.hidden = false;
        markLanguages(saved);
      };
      const done = () => {
        bar.value = 100;
        status.textContent = T.downloaded;
        section.dataset.saved = saved.languages.join(" ");
        render();
        showStorage();
      };
      const start = async (languages, label) => {
        button.disabled = true;
        if (navigator.storage && navigator.storage.persist) {
          try { await navigator.storage.persist(); } catch (e) { /* a request, not a promise */ }
        }
        try {
          saved = await save(languages, progress(label));
          manifest = saved.manifest;
          done();
        } catch (err) {
          button.disabled = false;
          if (err instanceof NoSpace) status.textContent = fill(T.quota, { size: megabytes(err.bytes) });
          else status.textContent = fill(T.download_failed, { reason: err.message || String(err) });
          section.dataset.failed = err instanceof NoSpace ? "quota" : "error";
        }
      };
      button.addEventListener("click", () => start([lang], T.downloading));
      render();
      if (saved && saved.version === manifest.version) return done();
      if (saved) {
        /* an older build is saved: bring it up to date while the visitor goes on */
        if (navigator.onLine) start([], T.updating);
        return;
      }
      if (store.get(DL_KEY)) {
        status.textContent = T.evicted;
        button.textContent = T.download_again;
      }
    };

    /* On a stop page: keep a saved tour up to date quietly. */
    const quietUpdate = async () => {
      if (!hasCaches || !tourBase || !navigator.onLine) return;
      try {
        const saved = await savedCurrent();
        if (!saved) return;
        const manifest = await fetchManifest();
        if (manifest.version !== saved.version) await save([], () => {});
      } catch (e) { /* next visit tries again */ }
    };
    return { setupDownload, setupLanguageGuard, quietUpdate };
  };
  window.audioguide = { offline };
})();
