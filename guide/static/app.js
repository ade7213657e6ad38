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

  /* Saving the tour offline (offline.js, loaded first): given what it shares with this file. */
  const offline = window.audioguide.offline({ ROOT, siteRoot, data, T, $, fill, store, megabytes, percentText });

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
    offline.setupDownload();
    offline.setupLanguageGuard();
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
    offline.quietUpdate();
    offline.setupLanguageGuard();
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
