/* helpdesk.js — the demo host page's side of the iframe embed: it tells the
 * frame its origin and listens for results, as a real helpdesk would. */
(function () {
  "use strict";
  const frame = document.getElementById("hd-frame");
  const log = document.getElementById("hd-frame-log");
  const hosted = new URL("../embed.html", location.href);
  hosted.searchParams.set("origin", location.origin);
  hosted.searchParams.set("compact", "");
  hosted.searchParams.set("kb-base", new URL("../kb/", location.href).href);
  frame.src = hosted.href;

  window.addEventListener("message", function (ev) {
    if (ev.origin !== hosted.origin || ev.source !== frame.contentWindow) {
      return; // only the frame we made
    }
    const msg = ev.data || {};
    if (msg.type === "bounce-explainer:resize" && msg.height > 0) {
      frame.style.height = Math.min(Math.max(msg.height, 160), 2000) + "px";
    } else if (msg.type === "bounce-explainer:result") {
      const r = (msg.report.recipients || [])[0];
      log.textContent = r
        ? "The frame reported: " + (r.reason || "?") + " (" + (r.entry || "no entry") + ")"
        : "The frame reported: not a bounce";
      log.dataset.frameReason = r ? r.reason : "";
    }
  });
})();
