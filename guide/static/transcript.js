/* audioguide synced transcript: the sentence being spoken is marked (visually and with
 * aria-current, no live region), and a tap or Enter/Space on a sentence seeks the audio to it.
 * Span `data-cue=i` is cue i of the page's <track>; with another number of cues (a museum's
 * own captions for a recording) the transcript stays as it is, unsynced. */
"use strict";
(() => {
  const audio = document.getElementById("audio");
  const element = audio && audio.querySelector("track");
  if (!element) return;
  const spans = Array.from(document.querySelectorAll("[data-cue]"));
  const track = element.track;
  track.mode = "hidden"; /* load the cues and fire cuechange, without drawing them */
  let current = null;

  const mark = (span) => {
    if (span === current) return;
    if (current) current.removeAttribute("aria-current");
    current = span;
    if (span) span.setAttribute("aria-current", "true");
  };

  const sync = () => {
    const cues = track.cues;
    if (!cues || cues.length === 0 || cues.length !== spans.length) return;
    document.body.dataset.transcript = "synced";
    const seek = (index) => {
      audio.currentTime = cues[index].startTime + 0.001;
      mark(spans[index]);
    };
    spans.forEach((span, index) => {
      span.tabIndex = 0;
      span.addEventListener("click", () => seek(index));
      span.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); seek(index); }
      });
    });
    track.addEventListener("cuechange", () => {
      const active = track.activeCues;
      if (!active || active.length === 0) return;
      const index = Array.prototype.indexOf.call(cues, active[active.length - 1]);
      if (index >= 0) mark(spans[index]);
    });
  };

  if (element.readyState === 2) sync();
  else element.addEventListener("load", sync);
})();
