/* bounce-explainer.js — the <bounce-explainer> web component: paste a bounced
 * email, see per recipient what went wrong, whether it is permanent, who has
 * to act, and a link to the knowledge-base article. For helpdesk articles
 * and intranet pages; one script tag from the hosted site:
 *
 *   <script src="https://HOST/bounce-explainer.js" defer></script>
 *   <bounce-explainer kb-base="https://help.example.com/articles/{id}" compact></bounce-explainer>
 *
 * The classifier (bounce.wasm, Go compiled to WebAssembly) runs in a Web
 * Worker loaded from the same folder as this script: the pasted text never
 * leaves the browser, and after the classifier has loaded the widget makes
 * no network request at all. Loaded from another origin, the worker is
 * started from a blob: URL, which needs the host page's CSP (if any) to allow
 * "worker-src blob:" and "connect-src HOST"; a page that cannot allow that
 * uses the iframe embed (embed.html) instead.
 *
 * Attributes:
 *   compact       a smaller input; each recipient shows badge, title and link only
 *   kb-base       where KB links point. Either a URL prefix ("https://x/kb/":
 *                 the link is prefix + id + "/"), or a template with {id}
 *                 ("https://help.example.com/hc/articles/bounce-{id}").
 *                 Default: the kb/ folder next to this script. Only http(s)
 *                 URLs are accepted.
 *   label         the input's label (default "Paste a bounced email or an error line")
 *   placeholder   the input's placeholder
 *
 * Theming: the Shadow DOM keeps the host page's CSS out and the widget's CSS
 * in; these custom properties, set on the element or any ancestor, restyle it:
 *   --bounce-accent, --bounce-font, --bounce-font-size, --bounce-text,
 *   --bounce-muted, --bounce-bg, --bounce-surface, --bounce-border,
 *   --bounce-radius, --bounce-permanent (lasting), --bounce-temporary (can
 *   clear up), --bounce-delayed, --bounce-ok (not a failure)
 * and ::part(input), ::part(card), ::part(link) reach the main pieces.
 *
 * JavaScript: element.value (get/set the text; setting it classifies),
 * element.report (the last Report), element.ready (a promise, settled when
 * the classifier has loaded or failed), and the "bounce-explained" event
 * (bubbles, composed; detail: {report}) after each classification.
 */
/* The cards are cards.js's (shared with the paste page): tools/site puts
 * cards.js in front of this file in the built bounce-explainer.js, so the
 * component stays one script. */
(function () {
  "use strict";

  if (!window.customElements || customElements.get("bounce-explainer")) {
    return;
  }

  const script = document.currentScript;
  const BASE = new URL(".", script && script.src ? script.src : document.baseURI);

  // ---- the classifier, shared by every element on the page ----

  let client = null;

  function classifier() {
    if (!client) {
      client = startClient();
    }
    return client;
  }

  function startClient() {
    const pending = new Map();
    let nextID = 1;
    let worker = null;
    let settle;
    const ready = new Promise(function (resolve, reject) {
      settle = { resolve: resolve, reject: reject };
    });
    ready.catch(function () {});

    function fail(message) {
      settle.reject(new Error(message));
      for (const [id, job] of pending) {
        pending.delete(id);
        job.reject(new Error(message));
      }
      if (worker) {
        worker.terminate();
      }
      client = null; // the next element or input tries again
    }

    (async function () {
      const url = new URL("worker.js", BASE);
      const fromBlob = url.origin !== location.origin;
      try {
        if (!fromBlob) {
          worker = new Worker(url.href);
        } else {
          // A page cannot start a worker from another origin; the same
          // code from a blob: URL runs with the page's origin.
          const resp = await fetch(url.href, { credentials: "omit" });
          if (!resp.ok) {
            throw new Error("worker.js: HTTP " + resp.status);
          }
          const blob = new Blob([await resp.text()], { type: "text/javascript" });
          worker = new Worker(URL.createObjectURL(blob));
        }
      } catch (err) {
        fail("cannot start the classifier (" + (err && err.message ? err.message : err) +
          "); this page's security policy may forbid it: use the iframe embed");
        return;
      }
      worker.onerror = function (ev) {
        ev.preventDefault();
        fail("the classifier could not start" + (ev.message ? " (" + ev.message + ")" : "") +
          (fromBlob ? "; this page's security policy may forbid it (it needs worker-src blob:): use the iframe embed" : ""));
      };
      worker.onmessage = function (ev) {
        const msg = ev.data || {};
        const job = pending.get(msg.id);
        if (msg.type === "ready") {
          settle.resolve();
        } else if (msg.type === "failed") {
          fail(msg.message || "the classifier could not load");
        } else if (msg.type === "result" && job) {
          pending.delete(msg.id);
          job.resolve(msg.report);
        } else if (msg.type === "error" && job) {
          pending.delete(msg.id);
          job.reject(new Error(msg.message));
        }
      };
      worker.postMessage({
        type: "init",
        exec: new URL("wasm_exec.js", BASE).href,
        wasm: new URL("bounce.wasm", BASE).href,
      });
    })();

    return {
      ready: ready,
      classify: function (text) {
        return ready.then(function () {
          return new Promise(function (resolve, reject) {
            const id = nextID++;
            pending.set(id, { resolve: resolve, reject: reject });
            worker.postMessage({ type: "classify", id: id, input: text });
          });
        });
      },
    };
  }

  // ---- presentation ----

  const CSS = `
:host { display: block !important; contain: content; }
:host([hidden]) { display: none !important; }
.be {
  all: initial;
  display: block;
  box-sizing: border-box;
  font-family: var(--bounce-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  font-size: var(--bounce-font-size, 15px);
  line-height: 1.5;
  color: var(--bounce-text, #1b1f24);
  background: var(--bounce-bg, #ffffff);
  border: 1px solid var(--bounce-border, #d0d7de);
  border-radius: var(--bounce-radius, 10px);
  padding: 1em;
  text-align: left;
  overflow-wrap: anywhere;
}
.be *, .be *::before, .be *::after { box-sizing: border-box; }
.label { display: block; font-weight: 600; margin: 0 0 0.4em; }
textarea {
  display: block; width: 100%; min-height: 7.5em; resize: vertical; margin: 0;
  padding: 0.6em 0.7em; font: 0.9em/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color: inherit; background: var(--bounce-surface, #f6f8fa);
  border: 1px solid var(--bounce-border, #d0d7de); border-radius: calc(var(--bounce-radius, 10px) * 0.6);
}
textarea:focus { outline: 2px solid var(--bounce-accent, #2456d6); outline-offset: 1px; }
.status { margin: 0.6em 0 0; color: var(--bounce-muted, #57606a); font-size: 0.9em; min-height: 1.5em; }
.status[data-state="error"] { color: var(--bounce-permanent, #b42318); }
ol { list-style: none; margin: 0.4em 0 0; padding: 0; display: grid; gap: 0.6em; }
.card {
  margin: 0; padding: 0.8em 0.9em;
  border: 1px solid var(--bounce-border, #d0d7de); border-left: 4px solid var(--bounce-accent, #2456d6);
  border-radius: calc(var(--bounce-radius, 10px) * 0.6); background: var(--bounce-bg, #ffffff);
}
.card[data-outcome="failed"][data-cause="lasting"] { border-left-color: var(--bounce-permanent, #b42318); }
.card[data-outcome="failed"][data-cause="can-clear"] { border-left-color: var(--bounce-temporary, #9a6700); }
.card[data-outcome="delayed"] { border-left-color: var(--bounce-delayed, #0969da); }
.card[data-outcome="not-failure"] { border-left-color: var(--bounce-ok, #1a7f37); }
.head { display: grid; gap: 0.3em; margin: 0; }
.title { font-weight: 650; font-size: 1.05em; margin: 0; }
.badge {
  display: inline-block; font-size: 0.75em; font-weight: 700; letter-spacing: 0.03em; text-transform: uppercase;
  padding: 0.1em 0.55em; border-radius: 999px; color: #fff; background: var(--bounce-accent, #2456d6);
}
.badge[data-outcome="failed"], .badge[data-cause="lasting"] { background: var(--bounce-permanent, #b42318); }
.badge[data-cause="can-clear"] { background: var(--bounce-temporary, #9a6700); }
.badge[data-outcome="delayed"] { background: var(--bounce-delayed, #0969da); }
.badge[data-outcome="not-failure"] { background: var(--bounce-ok, #1a7f37); }
.badge--who { background: transparent; color: var(--bounce-muted, #57606a); border: 1px solid var(--bounce-border, #d0d7de); text-transform: none; letter-spacing: 0; }
.badges { list-style: none; display: flex; flex-wrap: wrap; gap: 0.3em; margin: 0; padding: 0; }
.bcard__to { margin: 0.35em 0 0; }
.bcard__to-label { margin: 0; font-size: 0.8em; color: var(--bounce-muted, #57606a); }
.addrs { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0 1em; max-height: 8em; overflow: auto; }
.addr strong { font-weight: 500; }
.todo h4 { margin: 0.6em 0 0.1em; font-size: 0.9em; }
.todo p { margin: 0; }
.basis, .original-label, .bcard__more { margin: 0.45em 0 0; font-size: 0.88em; }
.word, .bcard__word { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.original { margin: 0.45em 0 0; }
.original blockquote { margin: 0.2em 0 0; padding-left: 0.6em; border-left: 3px solid var(--bounce-border, #d0d7de); }
.original mark { display: block; background: #fff1a8; color: inherit; }
.codes { list-style: none; margin: 0; padding: 0; }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.notices:empty { display: none; }
.notice { margin: 0.6em 0 0; padding: 0.6em 0.8em; border-radius: calc(var(--bounce-radius, 10px) * 0.6); background: var(--bounce-surface, #f6f8fa); font-size: 0.9em; }
.notice h3 { margin: 0 0 0.3em; font-size: 1em; }
.notice p, .notice ul { margin: 0.3em 0 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.addr { margin: 0.25em 0 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; color: var(--bounce-muted, #57606a); }
.summary { margin: 0.45em 0 0; }
dl { display: grid; gap: 0.3em; margin: 0.5em 0 0; font-size: 0.9em; }
.bcard__fact { display: grid; grid-template-columns: 7.5em minmax(0, 1fr); gap: 0 0.8em; }
.bcard__diag { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.92em; }
.bcard__actions { display: flex; flex-wrap: wrap; gap: 0.3em 0.8em; align-items: center; }
[hidden] { display: none !important; }
dt { color: var(--bounce-muted, #57606a); margin: 0; }
dd { margin: 0; }
a { color: var(--bounce-accent, #2456d6); text-decoration: underline; text-underline-offset: 2px; }
a:focus-visible { outline: 2px solid var(--bounce-accent, #2456d6); outline-offset: 2px; }
.more { display: inline-block; margin: 0.5em 0 0; font-weight: 600; }
.foot { margin: 0.8em 0 0; font-size: 0.8em; color: var(--bounce-muted, #57606a); }
:host([compact]) .be { padding: 0.7em; }
:host([compact]) textarea { min-height: 4.5em; }
:host([compact]) .summary, :host([compact]) dl, :host([compact]) .foot, :host([compact]) .bcard__to-label, :host([compact]) .original { display: none; }
:host([compact]) .more { margin-top: 0.25em; }
`;

  let sheet = null;

  function adoptStyles(root) {
    // A constructed stylesheet is not inline style, so a host page whose
    // CSP forbids inline <style> still styles the widget.
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      }
      root.adoptedStyleSheets = [sheet];
      return;
    } catch (err) {
      // older browsers: fall through
    }
    const style = document.createElement("style");
    style.textContent = CSS;
    root.appendChild(style);
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text != null) {
      e.textContent = text; // never innerHTML: a bounce is a stranger's text
    }
    return e;
  }

  let uid = 0;

  class BounceExplainer extends HTMLElement {
    static get observedAttributes() {
      return ["compact", "kb-base", "label", "placeholder"];
    }

    constructor() {
      super();
      const root = this.attachShadow({ mode: "open" });
      adoptStyles(root);
      const id = "bounce-input-" + (++uid);
      const box = el("div", "be");
      box.setAttribute("part", "container");
      this._label = el("label", "label");
      this._label.htmlFor = id;
      this._input = el("textarea");
      this._input.id = id;
      this._input.setAttribute("part", "input");
      this._input.spellcheck = false;
      this._input.autocomplete = "off";
      this._input.setAttribute("autocapitalize", "off");
      this._status = el("p", "status");
      this._status.setAttribute("role", "status");
      this._status.setAttribute("aria-live", "polite");
      this._notices = el("div", "notices");
      this._list = el("ol", "results");
      this._list.setAttribute("aria-label", "Explanation");
      const foot = el("p", "foot", "Runs in your browser: the text you paste is not sent anywhere.");
      box.append(this._label, this._input, this._status, this._notices, this._list, foot);
      root.appendChild(box);
      this._seq = 0;
      this._timer = 0;
      this.report = null;
      this._input.addEventListener("input", () => this._schedule());
      this._applyText();
    }

    connectedCallback() {
      // Load the classifier as the widget appears, so it is ready by the
      // time someone pastes; nothing is sent after that.
      const c = classifier();
      c.ready.then(() => {
        if (this._status.dataset.state === "loading") {
          this._setStatus("", "");
        }
      }, (err) => this._setStatus(err.message, "error"));
      if (!this.report && !this._input.value) {
        this._setStatus("", "loading");
      }
    }

    attributeChangedCallback(name) {
      if (name === "label" || name === "placeholder") {
        this._applyText();
      } else if (this.report) {
        this._render(this.report);
      }
    }

    /** A promise that settles when the classifier has loaded (or failed). */
    get ready() {
      return classifier().ready;
    }

    get value() {
      return this._input.value;
    }

    set value(text) {
      this._input.value = text == null ? "" : String(text);
      this._run();
    }

    _applyText() {
      this._label.textContent = this.getAttribute("label") || "Paste a bounced email or an error line";
      this._input.placeholder = this.getAttribute("placeholder") ||
        "550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown";
    }

    _setStatus(text, state) {
      this._status.textContent = text;
      this._status.dataset.state = state || "";
    }

    _schedule() {
      clearTimeout(this._timer);
      this._timer = setTimeout(() => this._run(), 150);
    }

    _run() {
      clearTimeout(this._timer);
      const seq = ++this._seq;
      const text = this._input.value;
      if (!text.trim()) {
        this.report = null;
        this._list.replaceChildren();
        this._setStatus("", "");
        return;
      }
      this._setStatus(text.length > 1e6 ? "Reading " + Math.round(text.length / 1e6) + " MB…" : "Reading…", "busy");
      classifier().classify(text).then((report) => {
        if (seq !== this._seq) {
          return; // a newer paste is on its way
        }
        this.report = report;
        this._render(report);
        this.dispatchEvent(new CustomEvent("bounce-explained", {
          bubbles: true, composed: true, detail: { report: report },
        }));
      }, (err) => {
        if (seq === this._seq) {
          this._setStatus(err.message, "error");
        }
      });
    }

    _kbLink(entry) {
      const fallback = new URL("kb/" + encodeURIComponent(entry) + "/", BASE).href;
      const base = this.getAttribute("kb-base");
      if (!base) {
        return fallback;
      }
      const id = encodeURIComponent(entry);
      try {
        const url = new URL(base.indexOf("{id}") >= 0 ? base.split("{id}").join(id) : base.replace(/\/?$/, "/") + id + "/", document.baseURI);
        if (url.protocol === "https:" || url.protocol === "http:") {
          return url.href;
        }
      } catch (err) {
        // fall back below
      }
      return fallback;
    }

    _render(report) {
      const C = window.BounceCards;
      const recips = (report && report.recipients) || [];
      this._notices.replaceChildren(...(report ? C.notices(report) : []));
      if (!report || !report.bounce || recips.length === 0) {
        this._list.replaceChildren();
        const nb = C.notBounce(report || {});
        this._setStatus(nb.key === "none"
          ? "This does not look like a bounce or a mail server error. Paste the whole bounce message, or the line with the error code."
          : nb.title + ". " + nb.text, "none");
        return;
      }
      this._setStatus(C.summary(report), "done");
      const compact = this.hasAttribute("compact");
      const text = this._input.value;
      const items = C.groups(report).map((g, i) => {
        const card = C.card(g, report, {
          tag: "li", id: this._input.id + "-card-" + i, text: text, compact: compact,
          kbHref: (entry) => this._kbLink(entry), entryInfo: () => null, linkCodes: false,
        });
        const link = card.querySelector("a.more");
        if (link) {
          link.target = "_blank"; // keep the paste; the article opens beside it
          link.rel = "noopener noreferrer";
        }
        return card;
      });
      this._list.replaceChildren(...items);
    }
  }

  customElements.define("bounce-explainer", BounceExplainer);
})();
