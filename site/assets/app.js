/* app.js — the paste page (index.html). It only uses window.bounce from
 * bounce.js (classification in a Web Worker) and kb/search.json (entry titles
 * for the codes). Everything taken from the pasted text reaches the page as
 * text nodes (textContent, createTextNode), never as HTML, so a bounce full of
 * markup stays inert.
 *
 * Stable test hooks (DESIGN.md): textarea#bounce-input; each explained
 * recipient is an element .bcard with data-reason, data-entry and a link
 * a.bcard__kb to kb/<entry>/. Rows of the file table carry the same
 * attributes. document.documentElement gets data-classifier="loading",
 * "ready" or "failed"; #results gets data-state="empty", "working" or
 * "done" and data-renders, a count that goes up with every result shown.
 */
(function () {
  "use strict";

  function $(id) {
    return document.getElementById(id);
  }

  const ui = {
    input: $("bounce-input"),
    status: $("status-text"),
    progress: $("progress"),
    results: $("results"),
    summary: $("results-summary"),
    cards: $("cards"),
    notBounce: $("not-bounce"),
    notBounceTitle: $("not-bounce-title"),
    notBounceText: $("not-bounce-text"),
    evidence: $("evidence"),
    evidenceNote: $("evidence-note"),
    evidenceView: $("evidence-view"),
    warnings: $("warnings"),
    copy: $("copy-explanation"),
    files: $("files"),
    filesBody: $("files-body"),
    filesSummary: $("files-summary"),
    exportCSV: $("export-csv"),
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
  // read-only, and the whole text is explained. A single file up to
  // FILE_TEXT_MAX is opened as text; larger ones go to the file table,
  // explained from their bytes. Texts up to STORE_MAX survive a reload
  // (sessionStorage, this tab only); up to SHOW_MAX the evidence view shows
  // the whole text, beyond it the parts around the highlights.
  const BIG = 256e3;
  const PREVIEW = 32e3;
  const FILE_TEXT_MAX = 100e6;
  const STORE_MAX = 1e6;
  const SHOW_MAX = 2e5;
  const STORE_KEY = "bounce-explainer:input";

  const bounce = window.bounce;

  /* ---- The knowledge base index (titles of code entries) ----------------- */

  // kb/search.json: {fields: [...], entries: [[...], ...]}. Only used for
  // what the page says about codes and to link only to entries that exist.
  let kb = null;

  function loadKB() {
    if (location.protocol === "file:") {
      return Promise.resolve();
    }
    return fetch("kb/search.json", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (idx) {
        if (!idx || !Array.isArray(idx.fields) || !Array.isArray(idx.entries)) {
          return;
        }
        const at = {};
        idx.fields.forEach(function (f, i) { at[f] = i; });
        const m = new Map();
        for (const e of idx.entries) {
          m.set(e[at.id], { title: e[at.title], kind: e[at.kind] });
        }
        kb = m;
        if (lastRender) {
          render(lastRender.report, lastRender.text, lastRender.ms);
        }
      })
      .catch(function () { /* the page works without it */ });
  }

  function entryExists(id) {
    return !kb || kb.has(id);
  }

  function kbHref(id) {
    return "kb/" + encodeURIComponent(id) + "/";
  }

  function validEntry(id) {
    return typeof id === "string" && /^[a-z0-9][a-z0-9-]*$/.test(id);
  }

  /* ---- Words ---------------------------------------------------------------- */

  const WHO = {
    "sender": {
      label: "You, the sender",
      todo: "You can fix this yourself: the article says what to change before you send again.",
    },
    "sender-admin": {
      label: "Your email administrator or provider",
      todo: "Forward this explanation to whoever runs your email (your IT team or your email provider): the problem is in how your mail is sent, not in what you wrote.",
    },
    "recipient": {
      label: "The recipient",
      todo: "Only the recipient can fix this. Reach them another way (phone, chat or another address) and tell them what the server said.",
    },
    "recipient-admin": {
      label: "The recipient's email administrator",
      todo: "Only the people who run the recipient's email can fix this. Let the recipient know another way so that they can ask their IT team, or write to the postmaster of their domain.",
    },
  };

  const KIND = {
    failure: "Delivery failure report",
    delay: "Delay notice",
    delivered: "Delivery confirmation",
    feedback: "Spam complaint (feedback report)",
    autoreply: "Automatic reply",
    snippet: "Error message",
  };

  // RFC 3463: the first digit is the class, the second the subject.
  const STATUS_CLASS = {
    "2": "success",
    "4": "the server asked to try again later",
    "5": "the server refused this message",
  };
  const STATUS_SUBJECT = {
    "0": "Other or undefined",
    "1": "Addressing",
    "2": "The recipient's mailbox",
    "3": "The receiving mail system",
    "4": "Network and routing",
    "5": "The mail delivery protocol",
    "6": "Message content or format",
    "7": "Security or policy",
  };
  // RFC 5321: the first digit of a reply code.
  const REPLY_CLASS = {
    "2": "success",
    "3": "more input expected",
    "4": "the server asked to try again later",
    "5": "the server refused this message",
  };

  // verdict sorts a recipient into the badge it gets.
  function verdict(r) {
    const action = r.action || "";
    if (action === "delayed") {
      return { key: "delayed", label: "Delayed", badge: "badge--soft" };
    }
    if (action === "delivered" || action === "relayed" || action === "expanded") {
      return { key: "delivered", label: "Delivered", badge: "badge--ok" };
    }
    if (r.reason === "vacation" || r.reason === "feedback") {
      return { key: "info", label: "Not a delivery failure", badge: "badge--ok" };
    }
    if (r.hard) {
      return { key: "permanent", label: "Permanent", badge: "badge--hard" };
    }
    return { key: "temporary", label: "Temporary", badge: "badge--soft" };
  }

  // retrySentence says whether to send again. A temporary cause reported
  // in a failure report means the sending server has already given up (a
  // 5xx answer, or a 4xx it retried until it expired); on its own, a 4xx
  // line is one the sending server normally retries by itself.
  function retrySentence(v, r, kind) {
    switch (v.key) {
      case "delayed":
        return "Nothing is lost yet: the sending server is still trying and will write again if it gives up.";
      case "delivered":
      case "info":
        return "No action is needed for delivery.";
      case "permanent":
        return "Sending the same message again will not help until this is fixed.";
    }
    const cls = String(r.status || r.reply_code || "").charAt(0);
    if (cls === "4" && kind !== "failure") {
      return "This is usually temporary and the sending server retries by itself; if it keeps failing for more than a day, act on it.";
    }
    return "The message came back, but the cause can clear up: once it has, sending it again can work.";
  }

  function whoOf(r) {
    return WHO[r.who] || null;
  }

  function statusMeaning(code) {
    const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(code || "");
    if (!m) {
      return null;
    }
    const id = "status-x-" + m[2] + "-" + m[3];
    let text = (STATUS_SUBJECT[m[2]] ? STATUS_SUBJECT[m[2]] + ": " : "") + (STATUS_CLASS[m[1]] || "");
    let entry = "";
    if (kb && kb.has(id)) {
      text = withoutCode(kb.get(id).title) + " (" + (STATUS_CLASS[m[1]] || "") + ")";
      entry = id;
    }
    return { code: code, text: text, entry: entry };
  }

  function replyMeaning(code) {
    const m = /^([2345])\d\d$/.exec(code || "");
    if (!m) {
      return null;
    }
    const id = "smtp-" + code;
    if (kb && kb.has(id)) {
      return { code: code, text: withoutCode(kb.get(id).title), entry: id };
    }
    return { code: code, text: REPLY_CLASS[m[1]] || "", entry: "" };
  }

  // The code's own title may start with the code ("X.1.1: ..."), which the
  // card shows next to it already.
  function withoutCode(title) {
    return String(title).replace(/^(?:[245X]\.\d{1,3}\.\d{1,3}|\d{3})\s*[:\u2013\u2014-]\s*/, "");
  }

  function mtaName(mta) {
    const s = String(mta);
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function formatBytes(n) {
    if (n >= 1e6) {
      return (n / 1e6).toFixed(1) + " MB";
    }
    if (n >= 1e3) {
      return Math.round(n / 1e3) + " kB";
    }
    return n + " bytes";
  }

  function clip(s, max) {
    s = String(s || "");
    return s.length > max ? s.slice(0, max) + "…" : s;
  }

  /* ---- DOM helpers: text only ----------------------------------------------- */

  function h(tag, attrs, children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const k of Object.keys(attrs)) {
        if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) {
          continue;
        }
        if (k === "class") {
          node.className = attrs[k];
        } else {
          node.setAttribute(k, String(attrs[k]));
        }
      }
    }
    for (const c of [].concat(children || [])) {
      if (c === null || c === undefined || c === false) {
        continue;
      }
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return node;
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

  /* ---- Classifying the textarea --------------------------------------------- */

  let seq = 0;
  let inflight = null; // {controller, size}
  let timer = 0;
  let lastText = null;
  let lastRender = null;
  let pasted = false;
  let renders = 0; // #results data-renders: tests wait for it to change
  let held = null; // the whole text when it is too long for the textarea

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
      return;
    }
    lastText = text;
    store(text);
    explain(text);
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
      setStatus("Loading the classifier… your text is explained as soon as it is ready.", true);
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
      render(report, text, bounce.lastMs);
    } catch (err) {
      if (my !== seq || (err && err.name === "AbortError")) {
        return;
      }
      inflight = null;
      hideProgress();
      lastText = null; // let the next change, or a retry, try again
      setStatus("This text could not be explained: " + (err && err.message ? err.message : err) + ". Your text is still here.", false);
      ui.results.setAttribute("data-renders", String(++renders));
      ui.results.setAttribute("data-state", "done");
    }
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

  function render(report, text, ms) {
    lastRender = { report: report, text: text, ms: ms };
    const recips = Array.isArray(report.recipients) ? report.recipients : [];
    empty(ui.cards);
    ui.results.hidden = false;
    const explained = report.bounce && recips.length > 0;
    ui.copy.hidden = !explained;
    if (explained) {
      ui.notBounce.hidden = true;
      const meta = reportMeta(report);
      if (meta) {
        ui.cards.appendChild(meta);
      }
      recips.forEach(function (r, i) {
        ui.cards.appendChild(card(r, i, report.kind));
      });
      ui.summary.textContent = summarize(recips);
    } else {
      ui.notBounce.hidden = false;
      const kind = report.kind;
      if (kind === "delivered" || kind === "autoreply" || kind === "feedback") {
        ui.notBounceTitle.textContent = "This is not a delivery failure";
        ui.notBounceText.textContent = "It looks like " + (KIND[kind] || kind).toLowerCase() + ", not a bounce. Nothing failed.";
      } else {
        ui.notBounceTitle.textContent = "This does not look like a bounce";
        ui.notBounceText.textContent = "Nothing in this text looks like a delivery failure or a mail server error that the explainer knows.";
      }
      ui.summary.textContent = ui.notBounceTitle.textContent + ".";
    }
    renderEvidence(text, explained ? recips : []);
    renderWarnings(explained ? report.warnings : []);
    // The box below says "not a bounce" to everyone; the status line (a
    // live region) says the summary to screen readers in both cases.
    ui.summary.hidden = !explained;
    ui.results.setAttribute("data-renders", String(++renders));
    ui.results.setAttribute("data-state", "done");
    setStatus(ui.summary.textContent +
      (typeof ms === "number" ? " Explained on your machine in " + (ms < 1 ? ms.toFixed(2) : ms.toFixed(1)) + " ms." : ""), false);
  }

  function summarize(recips) {
    const counts = {};
    for (const r of recips) {
      const v = verdict(r);
      counts[v.label] = (counts[v.label] || 0) + 1;
    }
    const parts = Object.keys(counts).map(function (k) {
      return counts[k] + " " + k.toLowerCase();
    });
    if (recips.length === 1) {
      const r = recips[0];
      return verdict(r).label + ": " + (r.title || "not recognised") + (r.address ? " (" + r.address + ")" : "") + ".";
    }
    return plural(recips.length, "recipient", "recipients") + ": " + parts.join(", ") + ".";
  }

  function reportMeta(report) {
    const bits = [];
    if (KIND[report.kind]) {
      bits.push(KIND[report.kind]);
    }
    if (report.mta) {
      bits.push("written by " + mtaName(report.mta));
    }
    const o = report.original || {};
    if (o.subject) {
      bits.push("about your message “" + clip(o.subject, 120) + "”");
    }
    if (bits.length === 0) {
      return null;
    }
    return h("p", { class: "results__meta" }, bits.join(" · "));
  }

  function card(r, i, kind) {
    const v = verdict(r);
    const who = whoOf(r);
    const id = "card-" + i;
    const entry = validEntry(r.entry) ? r.entry : "";
    const node = h("article", {
      class: "bcard card bcard--" + v.key,
      "data-reason": r.reason || "undefined",
      "data-entry": entry,
      "data-verdict": v.key,
      "aria-labelledby": id + "-title",
    });

    const head = h("header", { class: "bcard__head" }, [
      h("p", { class: "bcard__recipient" }, r.address
        ? ["To ", h("strong", null, r.address)]
        : "Recipient not named in the text"),
      h("h3", { class: "bcard__title", id: id + "-title" }, r.title || "Not recognised"),
      h("ul", { class: "badges", "aria-label": "Verdict" }, [
        h("li", { class: "badge " + v.badge }, v.label),
        who ? h("li", { class: "badge badge--who" }, "Who acts: " + who.label) : null,
      ]),
    ]);
    node.appendChild(head);

    if (r.summary) {
      node.appendChild(h("p", { class: "bcard__summary" }, r.summary));
    }

    const todo = [];
    if (who && v.key !== "delivered" && v.key !== "info") {
      todo.push(h("p", null, who.todo));
    }
    todo.push(h("p", null, retrySentence(v, r, kind)));
    node.appendChild(h("section", { class: "bcard__todo", "aria-labelledby": id + "-todo" }, [
      h("h4", { id: id + "-todo" }, "What to do now"),
    ].concat(todo)));

    const facts = h("dl", { class: "bcard__facts" });
    const codes = codeList(r);
    if (codes) {
      facts.appendChild(fact("Codes", codes));
    }
    if (r.remote_mta) {
      facts.appendChild(fact("Remote server", [
        h("code", null, r.remote_mta),
        r.command ? " (answering " + r.command + ")" : "",
      ]));
    }
    if (r.diagnostic) {
      facts.appendChild(fact("The server said", h("pre", { class: "bcard__diag" }, h("code", null, clip(r.diagnostic, 2000)))));
    }
    if (facts.firstChild) {
      node.appendChild(facts);
    }

    const more = [];
    if (entry && entryExists(entry)) {
      more.push(h("p", { class: "bcard__more" }, [
        h("a", { class: "bcard__kb button button--secondary", href: kbHref(entry) }, [
          "How to fix it: read the full article",
          h("span", { class: "visually-hidden" }, " “" + (r.title || entry) + "”"),
        ]),
      ]));
    } else {
      more.push(h("p", { class: "bcard__more" }, [
        "This message is not in the knowledge base yet. ",
        h("a", { class: "bcard__kb", href: "kb/" }, "Search the knowledge base"),
        " for its code or wording.",
      ]));
    }
    const show = h("button", { type: "button", class: "button button--secondary bcard__where", "data-recipient": i, hidden: "hidden" }, [
      "Show where your text says this",
      h("span", { class: "visually-hidden" }, r.address ? " (" + r.address + ")" : ""),
    ]);
    show.addEventListener("click", function () {
      showEvidenceOf(i);
    });
    more.push(show);
    node.appendChild(h("div", { class: "bcard__actions" }, more));
    return node;
  }

  function fact(term, value) {
    return h("div", { class: "bcard__fact" }, [h("dt", null, term), h("dd", null, value)]);
  }

  function codeList(r) {
    const items = [];
    const s = statusMeaning(r.status);
    const c = replyMeaning(r.reply_code);
    for (const m of [s, c]) {
      if (!m) {
        continue;
      }
      const code = m.entry && entryExists(m.entry)
        ? h("a", { href: kbHref(m.entry), class: "tag tag--code bcard__code" }, m.code)
        : h("span", { class: "tag tag--code bcard__code" }, m.code);
      items.push(h("li", null, [code, " ", m.text]));
    }
    if (!s && r.status) {
      items.push(h("li", null, [h("span", { class: "tag tag--code" }, r.status)]));
    }
    return items.length ? h("ul", { class: "bcard__codes" }, items) : null;
  }

  function renderWarnings(warnings) {
    empty(ui.warnings);
    const list = Array.isArray(warnings) ? warnings : [];
    for (const w of list) {
      ui.warnings.appendChild(h("li", null, String(w)));
    }
    ui.warnings.hidden = list.length === 0;
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
      b.hidden = !ui.evidenceView.querySelector("mark[data-recipients~=\"" + b.getAttribute("data-recipient") + "\"]");
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

  // showEvidenceOf opens the evidence view on one recipient's highlights.
  function showEvidenceOf(i) {
    const sel = "mark[data-recipients~=\"" + i + "\"]";
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
    ui.evidenceView.setAttribute("data-showing", String(i));
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

  function absoluteKB(id) {
    try {
      return new URL(kbHref(id), location.href).href;
    } catch (e) {
      return kbHref(id);
    }
  }

  function explanationText(report) {
    const lines = [];
    const recips = report.recipients || [];
    const o = report.original || {};
    lines.push(o.subject ? "Why the message “" + o.subject + "” was not delivered:" : "What the bounce says:");
    for (const r of recips) {
      const v = verdict(r);
      const who = whoOf(r);
      lines.push("");
      lines.push((r.address ? r.address + ": " : "") + (r.title || "not recognised") + " (" + v.label.toLowerCase() + ")");
      if (r.summary) {
        lines.push(r.summary);
      }
      if (who && v.key !== "delivered" && v.key !== "info") {
        lines.push("Who has to act: " + who.label.toLowerCase() + ". " + who.todo);
      }
      lines.push(retrySentence(v, r, report.kind));
      const codes = [r.status, r.reply_code].filter(Boolean).join(" / ");
      if (r.diagnostic) {
        lines.push("The server" + (r.remote_mta ? " " + r.remote_mta : "") + " said: " + clip(r.diagnostic.replace(/\s+/g, " "), 400));
      } else if (codes) {
        lines.push("Codes: " + codes);
      }
      if (validEntry(r.entry) && entryExists(r.entry)) {
        lines.push("More: " + absoluteKB(r.entry));
      }
    }
    return lines.join("\n") + "\n";
  }

  async function copyExplanation() {
    if (!lastRender) {
      return;
    }
    const text = explanationText(lastRender.report);
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        ok = true;
      }
    } catch (e) {
      ok = false;
    }
    if (!ok) {
      // Older browsers and plain http: copy from a hidden textarea.
      const ta = h("textarea", { class: "visually-hidden", readonly: "readonly", "aria-hidden": "true" });
      ta.value = text;
      document.body.appendChild(ta);
      ta.select();
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      document.body.removeChild(ta);
      ui.copy.focus();
    }
    ui.copy.setAttribute("data-copied", ok ? "true" : "false");
    ui.copy.lastCopied = text;
    setStatus(ok ? "Explanation copied. Paste it into an email or a ticket." : "Could not copy; select the text of the cards instead.", false);
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
    ui.examples.addEventListener("keydown", function (ev) {
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
    });
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

  function replaceInput(text) {
    const current = currentText();
    if (current.trim() && !isExample(current) && current !== text) {
      saved = current;
      ui.restoreText.textContent = "This replaced the text you had here.";
      ui.restore.hidden = false;
    }
    setText(text);
    pasted = true;
    schedule();
  }

  function useExample(ex) {
    replaceInput(ex.text);
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

  let fileRows = []; // {file, name, report, error}
  let fileSeq = 0;

  async function openFiles(list) {
    const files = Array.from(list || []).filter(function (f) { return f && typeof f.size === "number"; });
    if (files.length === 0) {
      return;
    }
    if (files.length === 1 && files[0].size <= FILE_TEXT_MAX) {
      let text;
      try {
        text = await files[0].text();
      } catch (err) {
        setStatus("Could not read " + files[0].name + ": " + err.message, false);
        return;
      }
      replaceInput(text);
      setStatus("Opened " + files[0].name + ".", true);
      return;
    }
    await explainFiles(files);
  }

  async function explainFiles(files) {
    const my = ++fileSeq;
    fileRows = [];
    ui.files.hidden = false;
    empty(ui.filesBody);
    ui.files.setAttribute("data-state", "working");
    ui.exportCSV.disabled = true;
    let done = 0;
    for (const file of files) {
      if (my !== fileSeq) {
        return;
      }
      ui.filesSummary.textContent = "Explaining file " + (done + 1) + " of " + files.length + ": " + file.name + "…";
      const row = { file: file, name: file.name, report: null, error: "" };
      try {
        row.report = await bounce.classify(file, {
          onprogress: function (p) {
            if (my !== fileSeq) {
              return;
            }
            if (p.stage === "reading" && p.total > 1e6) {
              setStatus("Reading " + file.name + ": " + formatBytes(p.loaded) + " of " + formatBytes(p.total), true);
              showProgress(p.loaded, p.total);
            } else if (p.stage === "classifying" && p.total > 1e6) {
              setStatus("Explaining " + file.name + " (" + formatBytes(p.total) + ")…", true);
              showProgress();
            }
          },
        });
      } catch (err) {
        row.error = err && err.message ? err.message : String(err);
      }
      if (my !== fileSeq) {
        return;
      }
      done++;
      fileRows.push(row);
      appendFileRows(row, fileRows.length - 1);
    }
    hideProgress();
    ui.exportCSV.disabled = false;
    ui.filesSummary.textContent = filesSummary();
    ui.files.setAttribute("data-state", "done");
    // The status line is the page's one live region.
    setStatus("Files explained: " + ui.filesSummary.textContent + " The table is below.", false);
  }

  function filesSummary() {
    let recips = 0;
    const counts = {};
    for (const row of fileRows) {
      const list = row.report && row.report.bounce ? row.report.recipients || [] : [];
      recips += list.length;
      for (const r of list) {
        const k = verdict(r).label.toLowerCase();
        counts[k] = (counts[k] || 0) + 1;
      }
    }
    const parts = Object.keys(counts).map(function (k) { return counts[k] + " " + k; });
    return plural(fileRows.length, "file", "files") + ", " + plural(recips, "recipient", "recipients") +
      (parts.length ? ": " + parts.join(", ") : "") + ".";
  }

  function appendFileRows(row, index) {
    const list = row.report && row.report.bounce ? row.report.recipients || [] : [];
    const show = h("button", { type: "button", class: "button button--secondary button--small files__show" }, [
      "Show", h("span", { class: "visually-hidden" }, " " + row.name + " in detail"),
    ]);
    show.addEventListener("click", function () {
      showFile(index);
    });
    if (list.length === 0) {
      const what = row.error ? "Could not be explained: " + row.error
        : row.report && (row.report.kind === "delivered" || row.report.kind === "autoreply" || row.report.kind === "feedback")
          ? (KIND[row.report.kind] || "Not a bounce") + ", not a failure"
          : "Not a bounce, or nothing recognised";
      ui.filesBody.appendChild(h("tr", { "data-reason": "", "data-entry": "", class: "files__row files__row--none" }, [
        h("th", { scope: "row" }, row.name),
        h("td", null, "—"),
        h("td", null, [what, " · ", h("a", { href: "kb/" }, "search the knowledge base")]),
        h("td", null, "—"), h("td", null, "—"), h("td", null, "—"),
        h("td", null, show),
      ]));
      return;
    }
    list.forEach(function (r, i) {
      const v = verdict(r);
      const who = whoOf(r);
      const entry = validEntry(r.entry) ? r.entry : "";
      const title = entry && entryExists(entry)
        ? h("a", { href: kbHref(entry), class: "files__kb" }, r.title || entry)
        : (r.title || "Not recognised");
      ui.filesBody.appendChild(h("tr", { "data-reason": r.reason || "undefined", "data-entry": entry, class: "files__row" }, [
        h("th", { scope: "row" }, i === 0 ? row.name : h("span", { class: "visually-hidden" }, row.name)),
        h("td", null, r.address || "—"),
        h("td", null, title),
        h("td", null, h("span", { class: "badge " + v.badge }, v.label)),
        h("td", { class: "files__codes" }, [r.status, r.reply_code].filter(Boolean).join(" ") || "—"),
        h("td", null, who ? who.label : "—"),
        h("td", null, i === 0 ? show : ""),
      ]));
    });
  }

  async function showFile(index) {
    const row = fileRows[index];
    if (!row) {
      return;
    }
    if (row.file.size > FILE_TEXT_MAX) {
      setStatus(row.name + " is too large to show here (" + formatBytes(row.file.size) + "); its rows in the table are complete.", false);
      return;
    }
    try {
      replaceInput(await row.file.text());
    } catch (err) {
      setStatus("Could not read " + row.name + ": " + err.message, false);
      return;
    }
    ui.input.focus();
    ui.input.scrollIntoView({ block: "start" });
  }

  // CSV: one line per recipient; a cell that a spreadsheet would read as a
  // formula gets a leading apostrophe.
  function csvCell(v) {
    let s = v === null || v === undefined ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) {
      s = "'" + s;
    }
    return /[",\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
  }

  function filesCSV() {
    const head = ["file", "recipient", "verdict", "reason", "entry", "title", "who", "status", "reply_code", "remote_mta", "diagnostic", "kb_url"];
    const lines = [head.join(",")];
    for (const row of fileRows) {
      const list = row.report && row.report.bounce ? row.report.recipients || [] : [];
      if (list.length === 0) {
        lines.push([row.name, "", row.error ? "error" : "not a bounce", "", "", row.error, "", "", "", "", "", ""].map(csvCell).join(","));
        continue;
      }
      for (const r of list) {
        const entry = validEntry(r.entry) ? r.entry : "";
        lines.push([
          row.name, r.address, verdict(r).key, r.reason, entry, r.title, r.who, r.status, r.reply_code,
          r.remote_mta, (r.diagnostic || "").replace(/\s+/g, " "), entry ? absoluteKB(entry) : "",
        ].map(csvCell).join(","));
      }
    }
    return lines.join("\r\n") + "\r\n";
  }

  function exportCSV() {
    const csv = filesCSV();
    ui.exportCSV.lastCSV = csv;
    const url = URL.createObjectURL(new Blob(["\ufeff" + csv], { type: "text/csv;charset=utf-8" }));
    const a = h("a", { href: url, download: "bounces.csv", class: "visually-hidden" });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* ---- Drag and drop ------------------------------------------------------------ */

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
      if (!ui.input.value.trim()) {
        setStatus("Ready. Paste a bounce to explain it.", false);
      }
    } else if (state === "failed") {
      hideProgress();
      setStatus("The classifier could not load (" + (bounce.error || "unknown error") +
        "). Reload the page to try again; meanwhile the knowledge base works without it.", false);
      ui.results.setAttribute("data-state", "done");
    } else if (state === "loading") {
      if (!ui.input.value.trim()) {
        setStatus("Loading the classifier… You can paste already; your text is explained as soon as it is ready.", false);
      }
    }
  }

  function start() {
    if (!bounce) {
      document.documentElement.setAttribute("data-classifier", "failed");
      setStatus("The classifier did not load. Reload the page to try again.", false);
      return;
    }
    bounce.onstatechange = classifierState;
    classifierState(bounce.state);
    ui.results.setAttribute("data-state", "empty");

    ui.input.addEventListener("paste", function (ev) {
      // A long paste would freeze the page inside the textarea: take it
      // from the clipboard event and hold it instead.
      const data = ev.clipboardData ? ev.clipboardData.getData("text/plain") : "";
      if (data.length > BIG) {
        ev.preventDefault();
        replaceInput(data);
        return;
      }
      pasted = true;
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
    ui.openFiles.addEventListener("click", function () {
      ui.fileInput.click();
    });
    ui.fileInput.addEventListener("change", function () {
      const files = Array.from(ui.fileInput.files || []);
      ui.fileInput.value = "";
      openFiles(files);
    });
    ui.exportCSV.addEventListener("click", exportCSV);
    setupExamples();
    setupDrop();
    restoreStored();
    loadKB();
    if (ui.input.value.trim()) {
      pasted = true;
      schedule();
    }
  }

  start();
})();
