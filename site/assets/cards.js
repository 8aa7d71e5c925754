/* cards.js — the card renderer shared by the paste page (index.html) and
 * the <bounce-explainer> web component: one card per verdict, listing the
 * recipients that got it. A plain script (no module), so that the
 * single-file build can inline it and tools/site can bundle it in front of
 * bounce-explainer.js; it defines window.BounceCards.
 *
 * It holds no rules of its own: outcome, cause, retry advice and who acts
 * are the Report's fields (outcome_label, cause_label, retry, who_label),
 * decided once in Go (classify/advice). Everything from the pasted text is
 * put in as text nodes, never as HTML.
 *
 * Class names: each element carries the page's class (bcard__*) and the
 * web component's short one (title, badge, addr, summary, more), so that
 * both style sheets and both sets of test hooks keep working.
 */
(function () {
  "use strict";

  // h builds an element; children are nodes or strings (as text).
  function h(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const k of Object.keys(attrs || {})) {
      const v = attrs[k];
      if (v === null || v === undefined || v === false) {
        continue;
      }
      if (k === "class") {
        node.className = v;
      } else {
        node.setAttribute(k, String(v));
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

  function validEntry(id) {
    return typeof id === "string" && /^[a-z0-9][a-z0-9-]*$/.test(id);
  }

  function clip(s, max) {
    s = String(s || "");
    return s.length > max ? s.slice(0, max) + "…" : s;
  }

  /* ---- Grouping ----------------------------------------------------------- */

  // groups puts recipients with the same verdict (entry, reason, outcome,
  // cause, who and codes) together, in the order they first appear.
  function groups(report) {
    const recips = report && Array.isArray(report.recipients) ? report.recipients : [];
    const byKey = new Map();
    const out = [];
    recips.forEach(function (r, i) {
      const key = [r.entry, r.reason, r.outcome, r.cause, r.who, r.status, r.reply_code, r.basis].join("\u0000");
      let g = byKey.get(key);
      if (!g) {
        g = { first: r, members: [] };
        byKey.set(key, g);
        out.push(g);
      }
      g.members.push({ r: r, index: i });
    });
    return out;
  }

  /* ---- Languages ------------------------------------------------------------ */

  // languageName is the English name of a BCP 47 tag ("de" → "German").
  function languageName(tag) {
    try {
      const n = new Intl.DisplayNames(["en"], { type: "language" }).of(tag);
      if (n && n !== tag) {
        return n;
      }
    } catch (e) {
      // an invalid tag or an old browser: say the tag
    }
    return tag;
  }

  // reportLanguageName is the name of the report's language: the
  // classifier's own language_name, else the browser's name for the tag.
  function reportLanguageName(report) {
    const n = report && typeof report.language_name === "string" ? report.language_name : "";
    return n || languageName(report && report.language ? report.language : "");
  }

  function foreign(report) {
    const l = report && typeof report.language === "string" ? report.language : "";
    return l && !/^en(?:-|$)/i.test(l) ? l : "";
  }

  // unreadLanguage is the language of a text that is not explained because
  // the classifier does not read its language yet, or "".
  function unreadLanguage(report) {
    return report && !report.bounce && report.language_read === false && report.language ? report.language : "";
  }

  // spanLine is the line of text around an evidence span, in three pieces
  // (before, the span, after), so the card shows the whole sentence with the
  // deciding words marked. Null when the span is not in text.
  function spanLine(text, s) {
    let cs = s.char_start, ce = s.char_end;
    if (typeof cs !== "number" || typeof ce !== "number") {
      if (typeof s.start !== "number" || typeof s.end !== "number" || s.end <= s.start) {
        return null;
      }
      const bytes = new TextEncoder().encode(text);
      const dec = new TextDecoder();
      cs = dec.decode(bytes.subarray(0, Math.min(s.start, bytes.length))).length;
      ce = cs + dec.decode(bytes.subarray(s.start, Math.min(s.end, bytes.length))).length;
    }
    const mid = text.slice(cs, ce);
    if (!mid.trim() || /=[0-9A-F]{2}/.test(mid)) {
      return null; // empty, or still quoted-printable in the raw source
    }
    let a = text.lastIndexOf("\n", cs - 1) + 1, b = text.indexOf("\n", ce);
    if (b < 0) b = text.length;
    a = Math.max(a, cs - 200);
    b = Math.min(b, ce + 200);
    return [text.slice(a, cs).replace(/^\s+/, ""), mid, text.slice(ce, b).replace(/\s+$/, "")];
  }

  /* ---- Codes: in the sense of the matched entry ----------------------------- */

  // RFC 3463: the first digit is the class, the second the subject.
  const STATUS_CLASS = { "2": "success", "4": "the server asked to try again later", "5": "the server refused this message" };
  const STATUS_SUBJECT = {
    "0": "Other or undefined", "1": "Addressing", "2": "The recipient's mailbox", "3": "The receiving mail system",
    "4": "Network and routing", "5": "The mail delivery protocol", "6": "Message content or format", "7": "Security or policy",
  };
  const REPLY_CLASS = { "2": "success", "3": "more input expected", "4": "the server asked to try again later", "5": "the server refused this message" };

  // meaning is a title without the code in front of it: "X.1.1: Bad
  // mailbox" and "Microsoft 550 5.1.10: recipient not found" both give the
  // words after the colon.
  function meaning(title) {
    // Titles end with their codes in parentheses ("... (550 5.1.10)"); the
    // row shows the code already.
    const t = String(title || "").replace(/\s*\((?:[245X]\.\d{1,3}\.\d{1,3}|\d{3})(?:[ ,/]+(?:[245X]\.\d{1,3}\.\d{1,3}|\d{3}))*\)\s*$/, "");
    const m = /^([^:]{0,60}):\s*(.+)$/.exec(t);
    if (m && /(?:\b[245X]\.\d{1,3}\.\d{1,3}\b|\b\d{3}\b)/.test(m[1])) {
      return m[2].charAt(0).toUpperCase() + m[2].slice(1);
    }
    return t;
  }

  function sameCode(listed, code) {
    const a = String(listed).toUpperCase();
    const b = String(code).toUpperCase();
    return a === b || (a.charAt(0) === "X" && a.slice(1) === b.slice(1));
  }

  // lists says whether an entry explains a code: it lists it, or its title
  // names it ("Microsoft 550 5.1.10: ...").
  function lists(e, code) {
    if (Array.isArray(e.codes) && e.codes.some(function (c) { return sameCode(c, code); })) {
      return true;
    }
    const esc = code.replace(/\./g, "\\.");
    return new RegExp("(?:^|[^\\d.])" + esc + "(?!\\d|\\.\\d)").test(String(e.title || ""));
  }

  // codeMeaning explains one code. The matched entry comes first: when it
  // is a provider's message and lists the code (reason entries list codes
  // only for information), the code means what the entry says (Microsoft's 5.1.10
  // is "recipient not found", not the generic X.1.10 "null MX"). Then the
  // code's own entry, then the code's class.
  function codeMeaning(code, r, info) {
    const status = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(code);
    const reply = /^([2345])\d\d$/.exec(code);
    if (!status && !reply) {
      return null;
    }
    const cls = (status ? STATUS_CLASS : REPLY_CLASS)[(status || reply)[1]] || "";
    const own = info(r.entry);
    if (own && own.kind === "provider" && lists(own, code)) {
      return { code: code, text: meaning(own.title), entry: "" };
    }
    const id = status ? "status-x-" + status[2] + "-" + status[3] : "smtp-" + code;
    const e = info(id);
    if (e) {
      return { code: code, text: meaning(e.title) + (status ? " (" + cls + ")" : ""), entry: id };
    }
    if (status) {
      return { code: code, text: (STATUS_SUBJECT[status[2]] ? STATUS_SUBJECT[status[2]] + ": " : "") + cls, entry: "" };
    }
    return { code: code, text: cls, entry: "" };
  }

  function codeList(r, opts) {
    const items = [];
    for (const code of [r.status, r.reply_code]) {
      if (!code) {
        continue;
      }
      const m = codeMeaning(String(code), r, opts.entryInfo);
      if (!m) {
        items.push(h("li", null, h("span", { class: "tag tag--code code" }, String(code))));
        continue;
      }
      const href = m.entry && opts.linkCodes ? opts.kbHref(m.entry) : "";
      const tag = href
        ? h("a", { href: href, class: "tag tag--code bcard__code code" }, m.code)
        : h("span", { class: "tag tag--code bcard__code code" }, m.code);
      items.push(h("li", null, [tag, " ", m.text]));
    }
    return items.length ? h("ul", { class: "bcard__codes codes" }, items) : null;
  }

  /* ---- The card ------------------------------------------------------------- */

  function badges(r) {
    return h("ul", { class: "badges", "aria-label": "Verdict" }, [
      r.outcome_label ? h("li", { class: "badge badge--outcome", "data-outcome": r.outcome || "" }, r.outcome_label) : null,
      r.cause_label ? h("li", { class: "badge badge--cause", "data-cause": r.cause || "" }, r.cause_label) : null,
      r.who_label ? h("li", { class: "badge badge--who" }, "Who acts: " + r.who_label) : null,
    ]);
  }

  // recipientList has one element per recipient, each with the hooks
  // data-reason, data-entry and data-address.
  function recipientList(g, entry) {
    const MAX = 200;
    const items = g.members.slice(0, MAX).map(function (m) {
      return h("li", {
        class: "bcard__recipient addr",
        "data-reason": m.r.reason || "undefined",
        "data-entry": entry,
        "data-address": m.r.address || "",
        "data-index": m.index,
      }, m.r.address ? h("strong", null, m.r.address) : "Recipient not named in the text");
    });
    if (g.members.length > MAX) {
      items.push(h("li", { class: "bcard__more-recipients" }, "and " + (g.members.length - MAX) + " more"));
    }
    const label = g.members.length === 1 ? "Recipient" : g.members.length + " recipients";
    // A bare error line names no one: the element stays for the hooks,
    // out of sight.
    const nobody = g.members.length === 1 && !g.first.address;
    return h("div", { class: "bcard__to", hidden: nobody ? "hidden" : null }, [
      h("p", { class: "bcard__to-label" }, label + (g.members.length === 1 ? "" : ", all with this explanation") + ":"),
      h("ul", { class: "bcard__recipients addrs" }, items),
    ]);
  }

  // basisLine says how the verdict was reached when it is not a KB match.
  function basisLine(r) {
    if (r.basis !== "likely") {
      return null;
    }
    const words = Array.isArray(r.words) ? r.words.filter(Boolean) : [];
    return h("p", { class: "bcard__basis basis", "data-basis": "likely" }, [
      h("strong", null, "Likely: "),
      "no article matches these exact words, so this is the explainer's best reading of them.",
      typeof r.confidence === "number" && r.confidence > 0 && r.confidence < 1
        ? " In testing, readings this sure were right " + Math.round(r.confidence * 100) + "% of the time." : "",
      words.length ? [" Deciding words: ", ...words.slice(0, 12).map(function (w, i) {
        return [i ? ", " : "", h("q", { class: "bcard__word" }, String(w))];
      }).flat()] : "",
    ].flat());
  }

  // original shows, for a bounce in another language, the server's own
  // sentence (the evidence) next to the English explanation.
  function original(r, report, text) {
    const lang = foreign(report);
    if (!lang || !text) {
      return null;
    }
    let lines = (Array.isArray(r.evidence) ? r.evidence : []).map(function (s) { return spanLine(text, s); })
      .filter(Boolean);
    if (lines.length === 0 && r.diagnostic) {
      lines = [["", r.diagnostic, ""]]; // no span to show: the server's words as read
    }
    if (lines.length === 0) {
      return null;
    }
    return h("div", { class: "bcard__original original", lang: lang, "data-language": lang }, [
      h("p", { class: "bcard__original-label" }, "This bounce is in " + reportLanguageName(report) + ". In its own words:"),
      h("blockquote", null, lines.slice(0, 3).map(function (l) {
        return h("p", null, [l[0], h("mark", null, clip(l[1], 400)), l[2]]);
      })),
    ]);
  }

  function facts(r, opts) {
    const dl = h("dl", { class: "bcard__facts" });
    const fact = function (term, value) {
      if (value) {
        dl.appendChild(h("div", { class: "bcard__fact" }, [h("dt", null, term), h("dd", null, value)]));
      }
    };
    fact("Codes", codeList(r, opts));
    if (r.remote_mta) {
      fact("Remote server", [h("code", null, r.remote_mta), r.command ? " (answering " + r.command + ")" : ""]);
    }
    if (r.diagnostic && !opts.compact) {
      fact("The server said", h("pre", { class: "bcard__diag" }, h("code", null, clip(r.diagnostic, 2000))));
    }
    return dl.firstChild ? dl : null;
  }

  // card renders one group. opts: {tag, id, text, kbHref(entry) → URL or
  // "", entryInfo(id) → {title, kind, codes} or null, linkCodes, compact,
  // actions(group) → extra nodes for the actions row}.
  function card(g, report, opts) {
    const r = g.first;
    const entry = validEntry(r.entry) ? r.entry : "";
    const id = opts.id || "card";
    const node = h(opts.tag || "article", {
      class: "bcard card",
      part: "card",
      "data-reason": r.reason || "undefined",
      "data-entry": entry,
      "data-outcome": r.outcome || "",
      "data-cause": r.cause || "",
      "data-count": g.members.length,
      "aria-labelledby": id + "-title",
    });
    node.appendChild(h("header", { class: "bcard__head head" }, [
      h("h3", { class: "bcard__title title", id: id + "-title" }, r.title || "Not recognised"),
      badges(r),
    ]));
    node.appendChild(recipientList(g, entry));
    const basis = basisLine(r);
    if (basis) {
      node.appendChild(basis);
    }
    if (r.summary) {
      node.appendChild(h("p", { class: "bcard__summary summary" }, r.summary));
    }
    const orig = original(r, report, opts.text);
    if (orig) {
      node.appendChild(orig);
    }
    if (r.retry && !opts.compact) {
      node.appendChild(h("section", { class: "bcard__todo todo", "aria-labelledby": id + "-todo" }, [
        h("h4", { id: id + "-todo" }, "What to do now"),
        h("p", null, r.retry),
      ]));
    }
    const f = facts(r, opts);
    if (f) {
      node.appendChild(f);
    }
    const href = entry ? opts.kbHref(entry) : "";
    const more = [];
    if (href) {
      more.push(h("a", { class: "bcard__kb more button button--secondary", part: "link", href: href }, [
        "How to fix it: read the full article",
        h("span", { class: "visually-hidden" }, " “" + (r.title || "") + "”"),
      ]));
    } else if (!opts.compact) {
      more.push(h("p", { class: "bcard__more" }, "This message is not in the knowledge base yet: search it for the code or the wording."));
    }
    node.appendChild(h("div", { class: "bcard__actions" }, more.concat(opts.actions ? opts.actions(g) : [])));
    return node;
  }

  /* ---- Report-level notices ----------------------------------------------------- */

  // notices are what the report says before the cards: the bounce's
  // language, and a warning when the person may not have sent the message.
  function notices(report) {
    const out = [];
    const lang = foreign(report);
    if (lang && report.bounce) {
      out.push(h("p", { class: "notice notice--language", "data-language": lang },
        "This bounce is in " + reportLanguageName(report) + ". The explanation is in English; the server's own words are shown in each card."));
    }
    const bs = report && report.backscatter;
    if (bs && bs.suspected) {
      const signals = Array.isArray(bs.signals) ? bs.signals.filter(Boolean) : [];
      out.push(h("section", { class: "notice notice--backscatter", "aria-labelledby": "backscatter-title" }, [
        h("h3", { id: "backscatter-title" }, "You may not have sent this"),
        h("p", null, "The returned message looks like spam someone sent with your address as the sender, so the bounce came to you (this is called backscatter)."),
        signals.length ? h("ul", null, signals.map(function (s) { return h("li", null, String(s)); })) : null,
        h("p", null, [h("strong", null, "What to do: "),
          "nothing about this bounce; do not answer it. To make forged mail with your address rarer, make sure your domain publishes SPF and DMARC (your email administrator can check)."]),
      ]));
    }
    return out;
  }

  // notBounce says why there is no card: what the text is, when known.
  function notBounce(report) {
    const lang = unreadLanguage(report);
    if (lang) {
      const name = reportLanguageName(report);
      return {
        key: "language",
        title: "This text is in " + name,
        text: "The explainer does not read " + name + " yet, so it cannot tell whether this is a bounce. The codes in it (such as 550 or 5.1.1) can still be looked up in the knowledge base.",
      };
    }
    const r = report && Array.isArray(report.recipients) ? report.recipients[0] : null;
    if (r && r.outcome === "not-failure") {
      return { key: "info", title: r.outcome_label || "Not a delivery failure", text: r.retry || "" };
    }
    return {
      key: "none",
      title: "This does not look like a bounce",
      text: "Nothing in this text looks like a delivery failure or a mail server error that the explainer knows.",
    };
  }

  // summary is one line for the status region: the title when there is one
  // verdict, else the recipients counted by outcome.
  function summary(report) {
    const recips = report && Array.isArray(report.recipients) ? report.recipients : [];
    const gs = groups(report);
    if (gs.length === 1) {
      const r = gs[0].first;
      const who = recips.length === 1 ? (r.address ? " (" + r.address + ")" : "") : " (" + recips.length + " recipients)";
      return (r.outcome_label || "Explained") + ": " + (r.title || "not recognised") + who + ".";
    }
    const counts = new Map();
    for (const r of recips) {
      const k = (r.outcome_label || "explained").toLowerCase();
      counts.set(k, (counts.get(k) || 0) + 1);
    }
    const parts = Array.from(counts, function (kv) { return kv[1] + " " + kv[0]; });
    return recips.length + " recipients: " + parts.join(", ") + (gs.length < recips.length ? ", for " + gs.length + " different reasons." : ".");
  }

  window.BounceCards = {
    h: h,
    groups: groups,
    card: card,
    notices: notices,
    notBounce: notBounce,
    summary: summary,
    languageName: languageName,
    validEntry: validEntry,
    clip: clip,
  };
})();
