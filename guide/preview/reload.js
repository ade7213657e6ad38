/* audioguide preview (never part of a built site): reload the page after each successful
 * rebuild; show a failed rebuild's error over the page until the next good build. */
"use strict";
(() => {
  const script = document.currentScript;
  const shown = Number(script.dataset.build); /* the build this page came from */
  const here = (name) => new URL(name, script.src).href;
  const RELOADED = "ag-preview-reloaded";

  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = here("reload.css");
  document.head.append(style);

  let overlay = null;
  const show = (message) => {
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.className = "ag-preview-error";
      overlay.setAttribute("role", "alert");
      overlay.setAttribute("aria-labelledby", "ag-preview-error-title");
      const title = document.createElement("p");
      title.id = "ag-preview-error-title";
      title.className = "ag-preview-error-title";
      title.textContent = "Preview: the last change did not build";
      const help = document.createElement("p");
      help.textContent = "This page shows the last good build. Fix the file and save it: the page reloads by itself.";
      const details = document.createElement("pre");
      details.className = "ag-preview-error-message";
      const hide = document.createElement("button");
      hide.type = "button";
      hide.textContent = "Hide";
      hide.addEventListener("click", () => { overlay.hidden = true; });
      overlay.append(title, help, details, hide);
      document.body.append(overlay);
    }
    overlay.querySelector("pre").textContent = message;
    overlay.hidden = false;
  };

  const reload = async (build) => {
    try {
      /* a page the service worker kept from an older build would reload for ever */
      if (Number(sessionStorage.getItem(RELOADED)) >= build) return;
      sessionStorage.setItem(RELOADED, String(build));
    } catch (err) { /* storage refused: reload anyway */ }
    events.close();
    if (window.caches) {
      for (const name of await caches.keys()) {
        if (name.startsWith("ag-")) await caches.delete(name);
      }
    }
    location.reload();
  };

  const events = new EventSource(here("events"));
  events.addEventListener("build", (event) => {
    const state = JSON.parse(event.data);
    if (state.error) {
      show(state.error);
    } else if (overlay) {
      overlay.remove();
      overlay = null;
    }
    if (state.build > shown) reload(state.build);
  });
})();
