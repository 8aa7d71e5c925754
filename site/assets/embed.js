/* embed.js — the iframe embed (embed.html) for helpdesks that allow an
 * iframe but no third-party script. The frame holds one <bounce-explainer>
 * and talks to the page around it with postMessage, only with the origin
 * that page names in the frame's URL:
 *
 *   <iframe src="https://HOST/embed.html?origin=https://help.example.com"
 *           title="Bounce explainer" style="width:100%;height:420px;border:0"></iframe>
 *
 * URL parameters:
 *   origin    the embedding page's origin, exactly as location.origin spells
 *             it. Without it (or if it is not an http(s) origin) the frame
 *             works for the person pasting but sends no message at all.
 *   kb-base   where KB links point (see bounce-explainer.js), e.g. your
 *             helpdesk's imported copy: https://help.example.com/kb/{id}
 *   compact   present: the compact layout
 *   accent    a colour for links and highlights, as #rgb or #rrggbb
 *
 * Messages from the frame (event.source is the frame; check event.origin
 * is the hosted site's origin before trusting one):
 *   {type: "bounce-explainer:ready", version: 1}
 *   {type: "bounce-explainer:result", version: 1, report}     after each classification;
 *                                                              report: the Report of DESIGN.md
 *   {type: "bounce-explainer:resize", version: 1, height}     content height in CSS pixels
 * Messages to the frame (accepted only from the parent window, from origin):
 *   {type: "bounce-explainer:classify", text}                 fill the input and explain it
 */
(function () {
  "use strict";

  const VERSION = 1;
  const params = new URLSearchParams(location.search);
  const widget = document.querySelector("bounce-explainer");
  const parentWin = window.parent !== window ? window.parent : null;

  function validOrigin(s) {
    try {
      const u = new URL(s);
      return (u.protocol === "https:" || u.protocol === "http:") && u.origin === s ? s : "";
    } catch (err) {
      return "";
    }
  }

  const origin = validOrigin(params.get("origin") || "");

  if (params.has("kb-base")) {
    widget.setAttribute("kb-base", params.get("kb-base"));
  }
  if (params.has("compact")) {
    widget.setAttribute("compact", "");
  }
  const accent = params.get("accent") || "";
  if (/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(accent)) {
    widget.style.setProperty("--bounce-accent", accent);
  }

  function post(msg) {
    if (parentWin && origin) {
      msg.version = VERSION;
      // The target origin makes the browser drop the message if the frame
      // has been navigated under someone else: a report quotes what was
      // pasted and goes to the named page only.
      parentWin.postMessage(msg, origin);
    }
  }

  widget.addEventListener("bounce-explained", function (ev) {
    post({ type: "bounce-explainer:result", report: ev.detail.report });
  });

  window.addEventListener("message", function (ev) {
    if (!origin || ev.origin !== origin || ev.source !== parentWin) {
      return; // not from the page that embeds us
    }
    const msg = ev.data;
    if (msg && msg.type === "bounce-explainer:classify" && typeof msg.text === "string") {
      widget.value = msg.text;
    }
  });

  let lastHeight = 0;
  function reportHeight() {
    const h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h !== lastHeight) {
      lastHeight = h;
      post({ type: "bounce-explainer:resize", height: h });
    }
  }
  if (window.ResizeObserver) {
    new ResizeObserver(reportHeight).observe(document.body);
  }

  customElements.whenDefined("bounce-explainer").then(function () {
    post({ type: "bounce-explainer:ready" });
    reportHeight();
  });
})();
