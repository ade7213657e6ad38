/* audioguide visitor app: progressive enhancement of pages that work without it. */
(() => {
  "use strict";
  const body = document.body;
  const ROOT = body.dataset.root || "./";
  const page = body.dataset.page;
  const $ = (id) => document.getElementById(id);
  const readJson = (id) => {
    const el = $(id);
    return el ? JSON.parse(el.textContent) : {};
  };
  const data = readJson("ag-data");
  const T = readJson("ag-strings");
  const fill = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => (k in v ? String(v[k]) : m));
  const store = {
    get(k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set(k, v) { try { localStorage.setItem(k, v); } catch (e) { /* private mode */ } },
    del(k) { try { localStorage.removeItem(k); } catch (e) { /* private mode */ } },
  };
  const clock = (s) => {
    s = Math.max(0, Math.round(s || 0));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(r).padStart(2, "0");
  };
  /* Numbers in the page's locale: Intl rounds and groups, the build's CLDR data (Babel) gives
     the symbols and patterns, so a locale the browser knows only in part still reads right. */
  const numberText = (n, digits) =>
    new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
      .formatToParts(n)
      .map((p) => (p.type === "decimal" ? T.decimal : p.type === "group" ? T.group : p.value))
      .join("");
  const megabytes = (b) => T.megabytes.replace("{0}", numberText(b / 1e6, b / 1e6 < 10 ? 1 : 0));
  const percentText = (p) => T.percent.replace("{0}", numberText(p, 0));
  /* The tour language of the page (its <html lang> is English when it has no UI catalog). */
  const tourLang = body.dataset.lang || document.documentElement.lang;

  /* Cache keys: the same rule as sw.js (a folder URL names its index.html). */
  const norm = (u) => {
    const url = new URL(u, location.href);
    url.search = ""; url.hash = "";
    if (url.pathname.endsWith("/index.html")) url.pathname = url.pathname.slice(0, -10);
    else if (!/\/[^/]*\.[^/]*$/.test(url.pathname) && !url.pathname.endsWith("/")) url.pathname += "/";
    return url.href;
  };

  /* Language: localStorage, mirrored into the ag_lang cookie for the server. */
  const siteRoot = new URL(ROOT, location.href);
  const saveLanguage = (lang) => {
    store.set("ag:lang", lang);
    document.cookie = "ag_lang=" + encodeURIComponent(lang) + "; path=" + siteRoot.pathname +
      "; max-age=31536000; SameSite=Lax";
  };
  const preferredLanguage = (languages, fallback) => {
    const saved = store.get("ag:lang");
    if (saved && languages.includes(saved)) return saved;
    for (const wanted of navigator.languages || []) {
      const w = wanted.toLowerCase();
      const hit = languages.find((l) => l.toLowerCase() === w) ||
        languages.find((l) => l.toLowerCase().split("-")[0] === w.split("-")[0]);
      if (hit) return hit;
    }
    return fallback;
  };
  document.addEventListener("click", (e) => {
    const a = e.target.closest && e.target.closest("a[data-lang]");
    if (a) saveLanguage(a.dataset.lang);
  });
  const linkFor = (lang) => document.querySelector('a[data-lang="' + lang + '"]');

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(ROOT + "sw.js").catch(() => { /* pages work without it */ });
  }

  /* Visited stops. */
  const visitedKey = () => "ag:visited:" + data.tour;
  const visited = () => { try { return JSON.parse(store.get(visitedKey()) || "[]"); } catch (e) { return []; } };
  const markVisited = (n) => {
    const v = visited();
    if (!v.includes(n)) { v.push(n); store.set(visitedKey(), JSON.stringify(v)); }
  };

  /* ---- offline download (the storage layout is described at the top of sw.js) ---- */
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
          await cache.put(blobKey(f.hash), new Response(body, { status: 200, headers }));
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

  /* ---- tour home ---- */
  const setupTour = () => {
    if (data.neutral) {
      const lang = preferredLanguage(data.languages, data.default);
      const link = linkFor(lang);
      if (lang !== data.default && link) { location.replace(link.href); return; }
    } else {
      saveLanguage(tourLang);
    }
    const seen = visited();
    for (const li of document.querySelectorAll(".stops li")) {
      if (seen.includes(Number(li.dataset.number))) {
        li.classList.add("visited");
        li.querySelector(".seen").hidden = false;
      }
    }
    setupKeypad();
    setupDownload();
    setupLanguageGuard();
  };

  const setupKeypad = () => {
    const section = document.querySelector(".keypad");
    if (!section) return;
    section.hidden = false;
    const input = $("keypad-input"), error = $("keypad-error"), form = $("keypad-form");
    const stops = data.stops.map(String);
    const go = (n) => { location.href = ROOT + data.stopUrl + n + "/"; };
    const typed = () => input.value.replace(/\D/g, "").replace(/^0+(?=\d)/, "");
    const check = () => {
      const v = typed();
      error.textContent = "";
      if (!v) return;
      const candidates = stops.filter((s) => s.startsWith(v));
      if (!candidates.length) error.textContent = fill(T.no_such_stop, { number: v });
      else if (candidates.length === 1 && candidates[0] === v) go(v);
    };
    input.addEventListener("input", () => {
      input.value = input.value.replace(/\D/g, "");
      check();
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const v = typed();
      if (stops.includes(v)) go(v);
      else if (v) error.textContent = fill(T.no_such_stop, { number: v });
    });
    for (const key of section.querySelectorAll("[data-key]")) {
      key.addEventListener("click", () => {
        input.value = key.dataset.key === "erase" ? input.value.slice(0, -1) : input.value + key.dataset.key;
        check();
      });
    }
  };

  /* ---- language-neutral stop URL ---- */
  const setupNeutral = () => {
    const link = linkFor(preferredLanguage(data.languages, data.default));
    if (!link) return;
    $("opening").textContent = T.opening;
    location.replace(link.href);
  };

  /* ---- stop page ---- */
  const setupStop = () => {
    saveLanguage(tourLang);
    quietUpdate();
    setupLanguageGuard();
    const audio = $("audio");
    if (!audio) { markVisited(data.number); return; }
    const posKey = "ag:pos:" + data.tour + ":" + tourLang + ":" + data.number;
    const controls = document.querySelector(".controls");
    const play = $("play"), label = play.querySelector(".play-label");
    const pos = $("pos"), cur = $("cur"), len = $("len"), speed = $("speed");
    const resume = $("resume"), autoplay = $("autoplay");
    audio.controls = false;
    controls.hidden = false;
    autoplay.closest(".autoplay").hidden = !data.next;
    autoplay.checked = store.get("ag:autoplay") === "1";
    autoplay.addEventListener("change", () => store.set("ag:autoplay", autoplay.checked ? "1" : "0"));
    const rate = Number(store.get("ag:rate")) || 1;
    speed.value = String(rate);
    if (speed.value !== String(rate)) speed.value = "1";
    audio.playbackRate = Number(speed.value);
    audio.defaultPlaybackRate = audio.playbackRate;

    const duration = () => (isFinite(audio.duration) && audio.duration > 0 ? audio.duration : data.seconds);
    const paint = () => {
      const playing = !audio.paused && !audio.ended;
      play.classList.toggle("playing", playing);
      label.textContent = playing ? T.pause : T.play;
    };
    const setPosition = () => {
      if (!("mediaSession" in navigator) || !navigator.mediaSession.setPositionState) return;
      try {
        navigator.mediaSession.setPositionState({ duration: duration(), playbackRate: audio.playbackRate, position: Math.min(audio.currentTime, duration()) });
      } catch (e) { /* duration not known yet */ }
    };
    let lastSave = 0;
    audio.addEventListener("timeupdate", () => {
      pos.value = String(audio.currentTime);
      cur.textContent = clock(audio.currentTime);
      pos.setAttribute("aria-valuetext", clock(audio.currentTime) + " / " + clock(duration()));
      if (Date.now() - lastSave > 2000) { lastSave = Date.now(); store.set(posKey, String(audio.currentTime)); }
    });
    audio.addEventListener("loadedmetadata", () => {
      pos.max = String(duration());
      len.textContent = clock(duration());
      const saved = Number(store.get(posKey));
      if (saved > 5 && saved < duration() - 5 && audio.currentTime < 1) {
        audio.currentTime = saved;
        resume.textContent = fill(T.resumed, { time: clock(saved) });
      }
      setPosition();
    });
    audio.addEventListener("play", () => { paint(); markVisited(data.number); });
    audio.addEventListener("pause", () => { paint(); store.set(posKey, String(audio.currentTime)); });
    audio.addEventListener("ratechange", setPosition);
    audio.addEventListener("seeked", setPosition);
    audio.addEventListener("ended", () => {
      paint();
      store.del(posKey);
      if (autoplay.checked && data.next) {
        try { sessionStorage.setItem("ag:autoplay-now", "1"); } catch (e) { /* fine */ }
        location.href = ROOT + data.next;
      }
    });
    const seekBy = (d) => { audio.currentTime = Math.min(Math.max(0, audio.currentTime + d), duration()); };
    play.addEventListener("click", () => { if (audio.paused || audio.ended) audio.play().catch(() => {}); else audio.pause(); });
    $("back").addEventListener("click", () => seekBy(-10));
    $("fwd").addEventListener("click", () => seekBy(10));
    pos.addEventListener("input", () => { audio.currentTime = Number(pos.value); });
    speed.addEventListener("change", () => {
      audio.playbackRate = Number(speed.value);
      audio.defaultPlaybackRate = audio.playbackRate;
      store.set("ag:rate", speed.value);
    });
    paint();

    if ("mediaSession" in navigator) {
      const icon = document.querySelector('link[rel="icon"]');
      const art = data.artwork ? new URL(ROOT + data.artwork, location.href).href : icon && icon.href;
      try {
        navigator.mediaSession.metadata = new MediaMetadata({
          title: document.querySelector("h1").textContent,
          artist: data.tourTitle,
          album: data.tourTitle,
          artwork: art ? [{ src: art }] : [],
        });
      } catch (e) { /* older browsers */ }
      const handlers = {
        play: () => audio.play(),
        pause: () => audio.pause(),
        seekbackward: (d) => seekBy(-(d.seekOffset || 10)),
        seekforward: (d) => seekBy(d.seekOffset || 10),
        seekto: (d) => { audio.currentTime = d.seekTime; },
        previoustrack: data.prev ? () => { location.href = ROOT + data.prev; } : null,
        nexttrack: data.next ? () => { location.href = ROOT + data.next; } : null,
      };
      for (const [action, fn] of Object.entries(handlers)) {
        try { navigator.mediaSession.setActionHandler(action, fn); } catch (e) { /* unsupported action */ }
      }
    }

    let now = false;
    try { now = sessionStorage.getItem("ag:autoplay-now") === "1"; sessionStorage.removeItem("ag:autoplay-now"); } catch (e) { /* fine */ }
    if (now) audio.play().catch(() => {});
  };

  if (page === "tour") setupTour();
  else if (page === "stop") setupStop();
  else if (page === "neutral") setupNeutral();
})();
