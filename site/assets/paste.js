/* paste.js — the paste page (index.html): the bounce box, its results and
 * the evidence view. It uses window.bounce (bounce.js: classification in a
 * Web Worker), BounceCards (cards.js: the cards, shared with the web
 * component), BounceFiles (files.js: the files table) and BounceShare
 * (share.js: the link to an explanation), and kb/search.json for entry
 * titles and codes. It holds no rules about outcome, cause or who acts:
 * those are the Report's fields, decided in Go. Everything taken from the
 * pasted text reaches the page as text nodes, never as HTML.
 *
 * Stable test hooks (DESIGN.md): textarea#bounce-input; each recipient is an
 * element .bcard__recipient with data-reason, data-entry and data-address
 * inside a card .bcard (one card per verdict) that links a.bcard__kb to
 * kb/<entry>/. Rows of the file table carry the same attributes.
 * document.documentElement gets data-classifier="loading", "ready" or
 * "failed"; #results gets data-state="empty", "working" or "done" and
 * data-renders, a count that goes up with every result shown.
 */
(function () {
  "use strict";

  function $(id) {
    return document.getElementById(id);
  }

  const C = window.BounceCards;
  const h = C.h;

  const ui = {
    input: $("bounce-input"),
    status: $("status-text"),
    progress: $("progress"),
    results: $("results"),
    resultsTitle: $("results-title"),
    summary: $("results-summary"),
    notices: $("notices"),
    cards: $("cards"),
    legend: $("legend"),
    notBounce: $("not-bounce"),
    notBounceTitle: $("not-bounce-title"),
    notBounceText: $("not-bounce-text"),
    evidence: $("evidence"),
    evidenceNote: $("evidence-note"),
    evidenceView: $("evidence-view"),
    details: $("details"),
    warnings: $("warnings"),
    copy: $("copy-explanation"),
    share: $("share-link"),
    shareBox: $("share"),
    shareURL: $("share-url"),
    shareCopy: $("share-copy"),
    examples: $("examples"),
    examplesButton: $("examples-button"),
    examplesMenu: $("examples-menu"),
    openFiles: $("open-files"),
    fileInput: $("file-input"),
    clear: $("clear-input"),
    restore: $("restore"),
    restoreButton: $("restore-button"),
    restoreText: $("restore-text"),
    big: $("big"),
    bigText: $("big-text"),
    dropZone: $("drop-zone"),
  };

  // A textarea takes seconds per megabyte to lay out, so a text longer than
  // BIG is held here instead: the box shows its first PREVIEW characters,
  // read-only, and the whole text is explained. Texts up to STORE_MAX
  // survive a reload (sessionStorage, this tab only); up to SHOW_MAX the
  // evidence view shows the whole text, beyond it the parts around the
  // highlights.
  const BIG = 256e3;
  const PREVIEW = 32e3;
  const STORE_MAX = 1e6;
  const SHOW_MAX = 2e5;
  const STORE_KEY = "bounce-explainer:input";

  const bounce = window.bounce;
  let files = null; // BounceFiles, after start

  /* ---- The knowledge base index (titles and codes of entries) ------------- */

  // kb/search.json: {fields: [...], entries: [[...], ...]}. Used to explain
  // codes in the sense of the matched entry and to link only to entries
  // that exist.
  let kb = null;

  function loadKB() {
    if (location.protocol === "file:") {
      return;
    }
    fetch("kb/search.json", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (idx) {
        if (!idx || !Array.isArray(idx.fields) || !Array.isArray(idx.entries)) {
          return;
        }
        const at = {};
        idx.fields.forEach(function (f, i) { at[f] = i; });
        const m = new Map();
        for (const e of idx.entries) {
          m.set(e[at.id], { title: e[at.title], kind: e[at.kind], codes: e[at.codes] || [] });
        }
        kb = m;
        if (lastRender) {
          render(lastRender.report, lastRender.text, lastRender.ms, false);
        }
      })
      .catch(function () { /* the page works without it */ });
  }

  function entryExists(id) {
    return !kb || kb.has(id);
  }

  function entryInfo(id) {
    return kb && id ? kb.get(id) || null : null;
  }

  function kbHref(id) {
    return C.validEntry(id) && entryExists(id) ? "kb/" + encodeURIComponent(id) + "/" : "";
  }

  function absoluteKB(id) {
    try {
      return new URL("kb/" + encodeURIComponent(id) + "/", location.href).href;
    } catch (e) {
      return "kb/" + id + "/";
    }
  }

  /* ---- Small helpers ---------------------------------------------------------- */

  function formatBytes(n) {
    if (n >= 1e6) {
      return (n / 1e6).toFixed(1) + " MB";
    }
    return n >= 1e3 ? Math.round(n / 1e3) + " kB" : n + " bytes";
  }

  function empty(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function setStatus(text, busy) {
    ui.status.textContent = text;
    ui.results.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function showProgress(loaded, total) {
    if (total && loaded >= 0) {
      ui.progress.max = total;
      ui.progress.value = loaded;
    } else {
      ui.progress.removeAttribute("value");
    }
    ui.progress.hidden = false;
  }

  function hideProgress() {
    ui.progress.hidden = true;
  }

  // bringIntoView scrolls a result to the top of the screen, on a phone as
  // on a desktop, and moves focus to its heading so that a screen reader
  // reads on from there.
  // The jump is instant: a smooth scroll moves buttons under a pointer
  // that is already on its way to them.
  function bringIntoView(section, heading) {
    section.scrollIntoView({ block: "start", behavior: "instant" });
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  }

  /* ---- Classifying the textarea --------------------------------------------- */

  let seq = 0;
  let inflight = null; // {controller, size}
  let timer = 0;
  let lastText = null;
  let lastRender = null;
  let pasted = false;
  let reveal = ""; // "paste", "file", "link" or "example": the next result is brought into view
  let renders = 0; // #results data-renders: tests wait for it to change
  let held = null; // the whole text when it is too long for the textarea
  let loading = ""; // "Loading the classifier (n %)" while it downloads

  function currentText() {
    return held !== null ? held : ui.input.value;
  }

  // setText puts text in the box, or holds it and shows its beginning.
  function setText(text) {
    if (text.length > BIG) {
      held = text;
      ui.input.value = text.slice(0, PREVIEW);
      ui.input.readOnly = true;
      ui.bigText.textContent = "This text is " + formatBytes(text.length) +
        ", too long for the box: it shows the beginning, and the explanation covers the whole text. Clear it to type again.";
      ui.big.hidden = false;
    } else {
      held = null;
      ui.input.readOnly = false;
      ui.big.hidden = true;
      ui.input.value = text;
    }
  }

  function schedule() {
    clearTimeout(timer);
    const n = currentText().length;
    const delay = pasted ? 0 : n > 1e6 ? 600 : 180;
    pasted = false;
    timer = setTimeout(explainInput, delay);
  }

  function explainInput() {
    const text = currentText();
    if (text === lastText) {
      reveal = "";
      return;
    }
    lastText = text;
    store(text);
    hideShare();
    explain(text);
  }

  function waitingText() {
    return (loading || "Loading the classifier…") + " Your text is explained as soon as it is ready; you can keep typing.";
  }

  async function explain(text) {
    const my = ++seq;
    // A large input still in the worker is abandoned (the worker restarts);
    // a small one finishes in a millisecond and its result is ignored.
    if (inflight && inflight.size > 1e6) {
      inflight.controller.abort();
    }
    if (!text.trim()) {
      inflight = null;
      showEmpty();
      return;
    }
    const controller = new AbortController();
    inflight = { controller: controller, size: text.length };
    ui.results.setAttribute("data-state", "working");
    if (bounce.state !== "ready") {
      setStatus(waitingText(), true);
    } else if (text.length > 1e6) {
      setStatus("Explaining " + formatBytes(text.length) + "… the page stays usable meanwhile.", true);
      showProgress();
    }
    try {
      const report = await bounce.classify(text, {
        signal: controller.signal,
        onprogress: function (p) {
          if (my === seq && p.stage === "classifying" && p.total > 1e6) {
            setStatus("Explaining " + formatBytes(p.total) + "… the page stays usable meanwhile.", true);
            showProgress();
          }
        },
      });
      if (my !== seq) {
        return;
      }
      inflight = null;
      hideProgress();
      const show = reveal;
      reveal = "";
      render(report, text, bounce.lastMs, show);
    } catch (err) {
      if (my !== seq || (err && err.name === "AbortError")) {
        return;
      }
      failed(err);
    }
  }

  // failed says why a text was not explained; the text stays in the box.
  function failed(err) {
    inflight = null;
    hideProgress();
    lastText = null; // let the next change, or a retry, try again
    if (err && err.name === "TimeoutError") {
      setStatus("Explaining this text took too long, so it was stopped. Your text is still here: try the part with the error message, or the bounce without its attachments.", false);
    } else {
      setStatus("This text could not be explained: " + (err && err.message ? err.message : err) + ". Your text is still here.", false);
    }
    ui.results.setAttribute("data-renders", String(++renders));
    ui.results.setAttribute("data-state", "done");
  }

  function showEmpty() {
    lastRender = null;
    ui.results.setAttribute("data-renders", String(++renders));
    hideProgress();
    ui.results.hidden = true;
    ui.results.setAttribute("data-state", "empty");
    empty(ui.cards);
    setStatus(bounce.state === "ready" ? "Ready. Paste a bounce to explain it." : ui.status.textContent, false);
  }

  /* ---- Rendering a report ------------------------------------------------- */

  // render shows a report; reveal says whether to bring it into view.
  function render(report, text, ms, reveal) {
    lastRender = { report: report, text: text, ms: ms };
    const recips = Array.isArray(report.recipients) ? report.recipients : [];
    empty(ui.cards);
    empty(ui.notices);
    ui.results.hidden = false;
    const explained = report.bounce && recips.length > 0;
    ui.copy.hidden = !explained;
    ui.share.hidden = !explained || !window.BounceShare || !BounceShare.supported();
    ui.legend.hidden = !explained;
    for (const n of C.notices(report)) {
      ui.notices.appendChild(n);
    }
    ui.notices.hidden = !ui.notices.firstChild;
    if (explained) {
      ui.notBounce.hidden = true;
      const meta = reportMeta(report);
      if (meta) {
        ui.cards.appendChild(meta);
      }
      C.groups(report).forEach(function (g, i) {
        ui.cards.appendChild(C.card(g, report, {
          id: "card-" + i, text: text, kbHref: kbHref, entryInfo: entryInfo, linkCodes: true, actions: evidenceButton,
        }));
      });
      ui.summary.textContent = C.summary(report);
    } else {
      const nb = C.notBounce(report);
      ui.notBounce.hidden = false;
      ui.notBounce.setAttribute("data-why", nb.key);
      ui.notBounceTitle.textContent = nb.title;
      ui.notBounceText.textContent = nb.text;
      ui.summary.textContent = nb.title + ".";
    }
    renderEvidence(text, explained ? recips : []);
    renderWarnings(report.warnings);
    // The box below says "not a bounce" to everyone; the status line (a
    // live region) says the summary to screen readers in both cases.
    ui.summary.hidden = !explained;
    ui.results.setAttribute("data-renders", String(++renders));
    ui.results.setAttribute("data-state", "done");
    setStatus(ui.summary.textContent +
      (typeof ms === "number" ? " Explained on your machine in " + (ms < 1 ? ms.toFixed(2) : ms.toFixed(1)) + " ms." : ""), false);
    if (reveal) {
      bringIntoView(ui.results, reveal === "example" ? null : ui.resultsTitle);
    }
  }

  const KIND = {
    failure: "Delivery failure report",
    delay: "Delay notice",
    delivered: "Delivery confirmation",
    feedback: "Spam complaint (feedback report)",
    autoreply: "Automatic reply",
    snippet: "Error message",
  };

  function reportMeta(report) {
    const bits = [];
    if (KIND[report.kind]) {
      bits.push(KIND[report.kind]);
    }
    if (report.mta) {
      bits.push("written by " + String(report.mta).charAt(0).toUpperCase() + String(report.mta).slice(1));
    }
    const o = report.original || {};
    if (o.subject) {
      bits.push("about your message “" + C.clip(o.subject, 120) + "”");
    }
    return bits.length ? h("p", { class: "results__meta" }, bits.join(" · ")) : null;
  }

  // evidenceButton is a card's "Show where your text says this", shown
  // once the evidence view has highlights for the card's recipients.
  function evidenceButton(g) {
    const indexes = g.members.map(function (m) { return m.index; });
    const b = h("button", { type: "button", class: "button button--secondary bcard__where", "data-recipients": indexes.join(" "), hidden: "hidden" },
      "Show where your text says this");
    b.addEventListener("click", function () {
      showEvidenceOf(indexes);
    });
    return [b];
  }

  // renderWarnings puts what the reader noticed about the text under the
  // "Details" disclosure: most people need none of it.
  function renderWarnings(warnings) {
    empty(ui.warnings);
    const list = Array.isArray(warnings) ? warnings : [];
    for (const w of list) {
      ui.warnings.appendChild(h("li", null, String(w)));
    }
    ui.details.hidden = list.length === 0;
  }

  /* ---- Evidence: the input with <mark>s, as text nodes ---------------------- */

  function spansOf(text, recips) {
    const spans = [];
    recips.forEach(function (r, i) {
      const ev = Array.isArray(r.evidence) ? r.evidence : [];
      for (const s of ev) {
        const a = s.char_start;
        const b = s.char_end;
        if (typeof a === "number" && typeof b === "number" && b > a && b <= text.length) {
          spans.push({ start: a, end: b, who: i });
        }
      }
      // No evidence from the classifier: the diagnostic's own place in the
      // text is the next best thing to show.
      if (ev.length === 0 && r.diagnostic) {
        const needle = r.diagnostic.slice(0, 200);
        const at = text.indexOf(needle);
        if (at >= 0) {
          spans.push({ start: at, end: at + needle.length, who: i });
        }
      }
    });
    spans.sort(function (x, y) { return x.start - y.start || y.end - x.end; });
    const merged = [];
    for (const s of spans) {
      const last = merged[merged.length - 1];
      if (last && s.start <= last.end) {
        last.end = Math.max(last.end, s.end);
        if (last.who.indexOf(s.who) < 0) {
          last.who.push(s.who);
        }
      } else {
        merged.push({ start: s.start, end: s.end, who: [s.who] });
      }
    }
    return merged;
  }

  function renderEvidence(text, recips) {
    const spans = spansOf(text, recips);
    empty(ui.evidenceView);
    if (spans.length === 0) {
      ui.evidence.hidden = true;
      return;
    }
    ui.evidence.hidden = false;
    const frag = document.createDocumentFragment();
    if (text.length <= SHOW_MAX) {
      ui.evidenceNote.textContent = "Highlighted: the parts of your text the explanation rests on.";
      appendMarked(frag, text, 0, text.length, spans);
    } else {
      // Large input: the lines around each highlight, not the whole text.
      ui.evidenceNote.textContent = "Your text is long (" + formatBytes(text.length) + "), so only the parts around the highlights are shown.";
      const windows = [];
      for (const s of spans) {
        const a = Math.max(0, s.start - 400);
        const b = Math.min(text.length, s.end + 400);
        const last = windows[windows.length - 1];
        if (last && a <= last.end) {
          last.end = Math.max(last.end, b);
        } else {
          windows.push({ start: a, end: b });
        }
      }
      windows.slice(0, 50).forEach(function (w, i) {
        frag.appendChild(h("span", { class: "evidence__gap" }, i === 0 && w.start === 0 ? "" : "…\n"));
        appendMarked(frag, text, w.start, w.end, spans);
      });
      frag.appendChild(h("span", { class: "evidence__gap" }, "\n…"));
    }
    ui.evidenceView.appendChild(frag);
    for (const b of ui.cards.querySelectorAll(".bcard__where")) {
      b.hidden = !b.getAttribute("data-recipients").split(" ").some(function (i) {
        return ui.evidenceView.querySelector("mark[data-recipients~=\"" + i + "\"]");
      });
    }
    scrollToMark(ui.evidenceView.querySelector("mark"));
  }

  function scrollToMark(mark) {
    if (!mark || ui.evidence.hidden || !ui.evidence.open) {
      return;
    }
    const view = ui.evidenceView;
    const top = mark.getBoundingClientRect().top - view.getBoundingClientRect().top + view.scrollTop;
    view.scrollTop = Math.max(0, top - view.clientHeight / 3);
  }

  // showEvidenceOf opens the evidence view on some recipients' highlights.
  function showEvidenceOf(indexes) {
    const sel = indexes.map(function (i) { return "mark[data-recipients~=\"" + i + "\"]"; }).join(",");
    const marks = ui.evidenceView.querySelectorAll(sel);
    if (marks.length === 0) {
      return;
    }
    ui.evidence.open = true;
    for (const m of ui.evidenceView.querySelectorAll("mark.is-current")) {
      m.classList.remove("is-current");
    }
    for (const m of marks) {
      m.classList.add("is-current");
    }
    ui.evidenceView.scrollIntoView({ block: "nearest" });
    scrollToMark(marks[0]);
    ui.evidenceView.focus({ preventScroll: true });
    ui.evidenceView.setAttribute("data-showing", indexes.join(" "));
  }

  function appendMarked(frag, text, from, to, spans) {
    let pos = from;
    for (const s of spans) {
      if (s.end <= from || s.start >= to) {
        continue;
      }
      const a = Math.max(s.start, from);
      const b = Math.min(s.end, to);
      if (a > pos) {
        frag.appendChild(document.createTextNode(text.slice(pos, a)));
      }
      frag.appendChild(h("mark", { "data-recipients": " " + s.who.join(" ") + " " }, text.slice(a, b)));
      pos = b;
    }
    if (pos < to) {
      frag.appendChild(document.createTextNode(text.slice(pos, to)));
    }
  }

  /* ---- Copy explanation ------------------------------------------------------ */

  function explanationText(report) {
    const lines = [];
    const o = report.original || {};
    lines.push(o.subject ? "Why the message “" + o.subject + "” was not delivered:" : "What the bounce says:");
    for (const g of C.groups(report)) {
      const r = g.first;
      const addrs = g.members.map(function (m) { return m.r.address; }).filter(Boolean);
      const verdict = [r.outcome_label, r.cause_label].filter(Boolean).join(", ").toLowerCase();
      lines.push("");
      lines.push((addrs.length ? addrs.join(", ") + ": " : "") + (r.title || "not recognised") + (verdict ? " (" + verdict + ")" : ""));
      if (r.summary) {
        lines.push(r.summary);
      }
      if (r.who_label && r.outcome !== "not-failure") {
        lines.push("Who has to act: " + r.who_label.toLowerCase() + ".");
      }
      if (r.retry) {
        lines.push(r.retry);
      }
      if (r.diagnostic) {
        lines.push("The server" + (r.remote_mta ? " " + r.remote_mta : "") + " said: " + C.clip(r.diagnostic.replace(/\s+/g, " "), 400));
      } else if (r.status || r.reply_code) {
        lines.push("Codes: " + [r.status, r.reply_code].filter(Boolean).join(" / "));
      }
      if (kbHref(r.entry)) {
        lines.push("More: " + absoluteKB(r.entry));
      }
    }
    return lines.join("\n") + "\n";
  }

  // copyText puts text on the clipboard; older browsers and plain http
  // copy from a hidden textarea. It reports whether it worked.
  async function copyText(text, refocus) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) {
      // fall back below
    }
    const ta = h("textarea", { class: "visually-hidden", readonly: "readonly", "aria-hidden": "true" });
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(ta);
    refocus.focus();
    return ok;
  }

  async function copyExplanation() {
    if (!lastRender) {
      return;
    }
    const text = explanationText(lastRender.report);
    const ok = await copyText(text, ui.copy);
    ui.copy.setAttribute("data-copied", ok ? "true" : "false");
    ui.copy.lastCopied = text;
    setStatus(ok ? "Explanation copied. Paste it into an email or a ticket." : "Could not copy; select the text of the cards instead.", false);
  }

  /* ---- Link to this explanation (opt-in) -------------------------------------- */

  async function makeLink() {
    if (!lastRender) {
      return;
    }
    try {
      ui.shareURL.value = await BounceShare.link(lastRender.text);
    } catch (err) {
      setStatus("No link: " + (err && err.message ? err.message : err) + ".", false);
      return;
    }
    ui.shareBox.hidden = false;
    ui.share.setAttribute("aria-expanded", "true");
    ui.shareURL.focus();
    ui.shareURL.select();
    setStatus("Link made. It contains your whole bounce; read the note before you send it.", false);
  }

  function hideShare() {
    ui.shareBox.hidden = true;
    ui.shareURL.value = "";
    ui.share.setAttribute("aria-expanded", "false");
  }

  async function copyLink() {
    const ok = await copyText(ui.shareURL.value, ui.shareCopy);
    ui.shareCopy.setAttribute("data-copied", ok ? "true" : "false");
    setStatus(ok ? "Link copied." : "Could not copy; select the link and copy it.", false);
  }

  // openLink explains the text a link carries in its fragment, here.
  async function openLink() {
    const text = await BounceShare.fromFragment(location.hash);
    if (text === null) {
      if (location.hash.indexOf("#b=") === 0) {
        setStatus("This link's bounce is damaged or cut short, so there is nothing to explain.", false);
      }
      return false;
    }
    replaceInput(text, "link");
    return true;
  }

  /* ---- Examples menu ----------------------------------------------------------- */

  let saved = null; // what the user had typed before an example replaced it

  function setupExamples() {
    const list = Array.isArray(window.BOUNCE_EXAMPLES) ? window.BOUNCE_EXAMPLES : [];
    if (list.length === 0) {
      ui.examples.hidden = true;
      return;
    }
    for (const ex of list) {
      const b = h("button", { type: "button", class: "examples__item", "data-example": ex.id }, [
        h("span", { class: "examples__label" }, ex.label),
        ex.note ? h("span", { class: "examples__note" }, ex.note) : null,
      ]);
      b.addEventListener("click", function () {
        useExample(ex);
      });
      ui.examplesMenu.appendChild(h("li", null, b));
    }
    ui.examplesButton.addEventListener("click", function () {
      toggleMenu(ui.examplesMenu.hidden);
    });
    ui.examples.addEventListener("keydown", menuKeys);
    document.addEventListener("click", function (ev) {
      if (!ui.examples.contains(ev.target)) {
        toggleMenu(false);
      }
    });
    ui.examples.addEventListener("focusout", function (ev) {
      if (ev.relatedTarget && !ui.examples.contains(ev.relatedTarget)) {
        toggleMenu(false);
      }
    });
  }

  function menuKeys(ev) {
    if (ev.key === "Escape" && !ui.examplesMenu.hidden) {
      toggleMenu(false);
      ui.examplesButton.focus();
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      const items = Array.from(ui.examplesMenu.querySelectorAll("button"));
      if (ui.examplesMenu.hidden || items.length === 0) {
        return;
      }
      ev.preventDefault();
      let i = items.indexOf(document.activeElement);
      i = ev.key === "ArrowDown" ? (i + 1) % items.length : (i <= 0 ? items.length - 1 : i - 1);
      items[i].focus();
    }
  }

  function toggleMenu(open) {
    ui.examplesMenu.hidden = !open;
    ui.examplesButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      const first = ui.examplesMenu.querySelector("button");
      if (first) {
        first.focus();
      }
    }
  }

  function isExample(text) {
    if (text.length > 100e3) {
      return false;
    }
    const list = window.BOUNCE_EXAMPLES || [];
    const norm = text.replace(/\r\n?/g, "\n");
    return list.some(function (ex) { return ex.text.replace(/\r\n?/g, "\n") === norm; });
  }

  // replaceInput puts a whole new text in the box (an example, a file, a
  // link) and explains it; how says where it came from.
  function replaceInput(text, how) {
    const current = currentText();
    if (current.trim() && !isExample(current) && current !== text) {
      saved = current;
      ui.restoreText.textContent = "This replaced the text you had here.";
      ui.restore.hidden = false;
    }
    setText(text);
    pasted = true;
    reveal = how || "paste";
    if (text === lastText) {
      lastText = null; // the same text again: show it again
    }
    schedule();
  }

  function useExample(ex) {
    replaceInput(ex.text, "example");
    toggleMenu(false);
    ui.examplesButton.focus();
  }

  function restoreSaved() {
    if (saved === null) {
      return;
    }
    setText(saved);
    saved = null;
    ui.restore.hidden = true;
    pasted = true;
    schedule();
    ui.input.focus();
  }

  /* ---- Files: one into the textarea, several into the table ------------------ */

  async function openFiles(list) {
    const chosen = Array.from(list || []).filter(function (f) { return f && typeof f.size === "number"; });
    if (chosen.length === 0) {
      return;
    }
    if (chosen.length === 1 && chosen[0].size <= files.FILE_TEXT_MAX) {
      let text;
      try {
        text = await chosen[0].text();
      } catch (err) {
        setStatus("Could not read " + chosen[0].name + ": " + err.message, false);
        return;
      }
      replaceInput(text, "file");
      setStatus("Opened " + chosen[0].name + ".", true);
      return;
    }
    await files.explainFiles(chosen);
  }

  function hasFiles(ev) {
    const types = ev.dataTransfer && ev.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, "Files") >= 0;
  }

  function setupDrop() {
    let depth = 0;
    document.addEventListener("dragenter", function (ev) {
      if (hasFiles(ev)) {
        depth++;
        ui.dropZone.classList.add("is-dragging");
      }
    });
    document.addEventListener("dragleave", function (ev) {
      if (hasFiles(ev) && --depth <= 0) {
        depth = 0;
        ui.dropZone.classList.remove("is-dragging");
      }
    });
    document.addEventListener("dragover", function (ev) {
      if (hasFiles(ev)) {
        ev.preventDefault();
        ev.dataTransfer.dropEffect = "copy";
      }
    });
    document.addEventListener("drop", function (ev) {
      depth = 0;
      ui.dropZone.classList.remove("is-dragging");
      if (ev.dataTransfer && ev.dataTransfer.files && ev.dataTransfer.files.length > 0) {
        ev.preventDefault();
        openFiles(ev.dataTransfer.files);
      }
    });
  }

  /* ---- Keeping the text across a reload (this tab only) ---------------------------- */

  function store(text) {
    try {
      if (text.length <= STORE_MAX && !isExample(text)) {
        sessionStorage.setItem(STORE_KEY, text);
      } else if (!text || isExample(text)) {
        sessionStorage.removeItem(STORE_KEY);
      }
    } catch (e) {
      // storage full or disabled: nothing to keep
    }
  }

  function restoreStored() {
    try {
      const text = sessionStorage.getItem(STORE_KEY);
      if (text && !ui.input.value) {
        ui.input.value = text;
      }
    } catch (e) {
      // storage disabled
    }
  }

  /* ---- Start ---------------------------------------------------------------------- */

  function classifierState(state) {
    document.documentElement.setAttribute("data-classifier", state);
    if (state === "ready") {
      loading = "";
      if (!currentText().trim()) {
        setStatus("Ready. Paste a bounce to explain it.", false);
      }
    } else if (state === "failed") {
      hideProgress();
      setStatus("The classifier could not load (" + (bounce.error || "unknown error") +
        "). Reload the page to try again; meanwhile the knowledge base works without it.", false);
      ui.results.setAttribute("data-state", "done");
    } else if (state === "loading") {
      setStatus(currentText().trim() ? waitingText() : "Loading the classifier… You can paste already; your text is explained as soon as it is ready.", false);
    }
  }

  // loadProgress shows how much of the classifier has downloaded.
  function loadProgress(p) {
    if (!p || bounce.state === "ready" || !(p.total > 0)) {
      return;
    }
    const pct = Math.max(0, Math.min(100, Math.floor(100 * p.loaded / p.total)));
    loading = "Loading the classifier (" + pct + " %)…";
    setStatus(currentText().trim() ? waitingText() : loading + " You can paste already.", currentText().trim() !== "");
  }

  function listen() {
    ui.input.addEventListener("paste", function (ev) {
      // A long paste would freeze the page inside the textarea: take it
      // from the clipboard event and hold it instead.
      const data = ev.clipboardData ? ev.clipboardData.getData("text/plain") : "";
      if (data.length > BIG) {
        ev.preventDefault();
        replaceInput(data, "paste");
        return;
      }
      pasted = true;
      reveal = "paste";
    });
    ui.input.addEventListener("input", schedule);
    ui.clear.addEventListener("click", function () {
      const current = currentText();
      if (current.trim() && !isExample(current)) {
        saved = current;
        ui.restoreText.textContent = "Cleared.";
      }
      setText("");
      ui.restore.hidden = saved === null;
      schedule();
      ui.input.focus();
    });
    ui.restoreButton.addEventListener("click", restoreSaved);
    ui.copy.addEventListener("click", copyExplanation);
    ui.share.addEventListener("click", makeLink);
    ui.shareCopy.addEventListener("click", copyLink);
    ui.openFiles.addEventListener("click", function () {
      ui.fileInput.click();
    });
    ui.fileInput.addEventListener("change", function () {
      const chosen = Array.from(ui.fileInput.files || []);
      ui.fileInput.value = "";
      openFiles(chosen);
    });
    window.addEventListener("hashchange", openLink);
  }

  async function start() {
    if (!bounce || !C) {
      document.documentElement.setAttribute("data-classifier", "failed");
      setStatus("The classifier did not load. Reload the page to try again.", false);
      return;
    }
    bounce.onstatechange = classifierState;
    bounce.onloadprogress = loadProgress;
    classifierState(bounce.state);
    ui.results.setAttribute("data-state", "empty");
    files = window.BounceFiles.setup({
      bounce: bounce, setStatus: setStatus, showProgress: showProgress, hideProgress: hideProgress,
      replaceInput: replaceInput, kbHref: kbHref, absoluteKB: absoluteKB, entryExists: entryExists,
      bringIntoView: bringIntoView,
    });
    listen();
    setupExamples();
    setupDrop();
    // The index is not needed for the first answer (cards link to every
    // entry until it comes): on a slow link it would share the line with
    // bounce.wasm, so it waits until the classifier has loaded.
    if (bounce.state === "loading") {
      bounce.ready.then(loadKB, loadKB);
    } else {
      loadKB();
    }
    if (await openLink()) {
      return;
    }
    restoreStored();
    if (ui.input.value.trim()) {
      pasted = true;
      schedule();
    }
  }

  start();
})();
