// Knowledge-base search in the browser: no server, no third party.
//
// Every <input data-kb-search data-kb-root="../../"> gets live results as the
// person types. The index (kb/search.json, written by tools/site) is fetched
// from the site itself the first time a search box is used. Without
// JavaScript the search forms still submit to kb/, whose pages list every
// entry by reason, code and provider.
//
// Keyboard: type, then ArrowDown moves into the results, ArrowUp/ArrowDown
// move between them, Escape goes back to the box, Enter opens the first
// result (or the focused one).
(function () {
  "use strict";

  var KIND_LABELS = {
    reason: "Reason",
    reply: "SMTP reply code",
    status: "Enhanced status code",
    provider: "Provider message"
  };
  var KIND_RANK = { reason: 0, reply: 1, status: 1, provider: 2 };

  var indexes = {}; // search.json URL -> Promise of entries

  function loadIndex(url) {
    if (!indexes[url]) {
      indexes[url] = fetch(url, { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(prepare);
      // A failed load may succeed later (flaky connection): forget it.
      indexes[url].catch(function () { delete indexes[url]; });
    }
    return indexes[url];
  }

  // prepare turns the compact rows of search.json into objects with the
  // lower-cased text the scorer looks at.
  function prepare(data) {
    var f = {};
    (data.fields || []).forEach(function (name, i) { f[name] = i; });
    return (data.entries || []).map(function (row) {
      var e = {
        id: row[f.id],
        title: row[f.title] || "",
        kind: row[f.kind] || "",
        reason: row[f.reason] || "",
        provider: row[f.provider] || "",
        codes: row[f.codes] || [],
        summary: row[f.summary] || "",
        patterns: row[f.patterns] || "",
        reasonLabel: row[f.reasonLabel] || "",
        hard: row[f.hard]
      };
      e.lTitle = e.title.toLowerCase();
      e.lSummary = e.summary.toLowerCase();
      e.lProvider = e.provider.toLowerCase();
      e.lPatterns = fold(e.patterns.toLowerCase());
      e.lCodes = e.codes.map(function (c) { return c.toLowerCase(); });
      e.hay = [e.id, e.lTitle, e.lSummary, e.lProvider, e.reason, e.reasonLabel.toLowerCase(), e.lPatterns, e.lCodes.join(" ")].join("\n");
      return e;
    });
  }

  // fold puts text in the compared form: full-width letters and digits as
  // ASCII (NFKC), accents dropped (people type "boite" for "boîte"), single
  // spaces; toLowerCase is applied before. Query and index fold alike.
  function fold(s) {
    if (s.normalize) {
      s = s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").normalize("NFKC");
    }
    return s.replace(/\s+/g, " ").trim();
  }

  // at says where t occurs in text: 2 where it is a whole word ("full" in
  // "mailbox is full"), 1 where it only begins a longer word ("mail" in
  // "mailbox", what type-ahead needs), 0 when it occurs nowhere a word
  // begins, so a query word never matches the middle of an unrelated word
  // ("full" in "successfully").
  function at(text, t) {
    var best = 0;
    for (var i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + 1)) {
      if (i > 0 && isWord(text.charAt(i - 1)) && !ANYWHERE.test(t.charAt(0))) continue;
      if (!isWord(text.charAt(i + t.length) || " ") || ANYWHERE.test(text.charAt(i + t.length))) return 2;
      best = 1;
    }
    return best;
  }
  // A word is letters and digits of any script; in scripts written without
  // spaces (Chinese, Japanese) a query word may start anywhere.
  var WORD = /[\p{L}\p{N}\p{M}]/u;
  var ANYWHERE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  function isWord(c) { return WORD.test(c); }

  // weight is what a match found by at counts: a whole word fully, the
  // start of a longer word ("full" in "fully") much less.
  function weight(text, t) {
    var a = at(text, t);
    return a === 2 ? 1 : a === 1 ? 0.3 : 0;
  }

  // tokens splits a query into words, dropping the punctuation people copy
  // along with a code ("<550>", "[BL21]", "5.7.26:").
  function tokens(q) {
    return fold(q.toLowerCase()).split(" ").map(function (t) {
      return t.replace(/^[\s"'<>\[\](){},;:!?]+|[\s"'<>\[\](){},;:!?.]+$/g, "");
    }).filter(Boolean);
  }

  // codeScore rates how well an entry explains a code the person typed:
  // its own code page first, then entries that list the code exactly, then
  // entries that list the same enhanced code in another class (4.7.1 for
  // 5.7.1) or as X.s.d.
  function codeScore(e, t) {
    var m = /^([245x])\.(\d{1,3})\.(\d{1,3})$/.exec(t);
    if (/^[2-5]\d\d$/.test(t)) {
      if (e.lCodes.indexOf(t) < 0) return 0;
      return e.kind === "reply" ? 200 : 100;
    }
    if (!m) return 0;
    var sd = "." + m[2] + "." + m[3], best = 0;
    e.lCodes.forEach(function (c) {
      if (c.slice(1) !== sd) return;
      var s = c === t ? 110 : c[0] === "x" ? 100 : 60;
      if (s > best) best = s;
    });
    if (best && e.kind === "status") best += 100;
    return best;
  }

  function isCode(t) {
    return /^[2-5]\d\d$/.test(t) || /^[245x]\.\d{1,3}\.\d{1,3}$/.test(t);
  }

  // score rates an entry for the query's tokens; 0 leaves it out. Every
  // word must occur in the entry. Codes are looser, since a bounce line
  // carries two ("550 5.1.1") and an entry may list only one: at least one
  // of them must match.
  function score(e, toks, phrase) {
    var total = 0, codes = 0, codeHits = 0;
    for (var i = 0; i < toks.length; i++) {
      var t = toks[i], s = 0;
      if (isCode(t)) {
        codes++;
        s = codeScore(e, t);
        if (!s && at(e.hay, t)) s = 2;
        if (s) codeHits++;
      } else {
        if (!at(e.hay, t)) return 0;
        s += 10 * weight(e.lTitle, t) + 6 * weight(e.lPatterns, t) + 3 * weight(e.lSummary, t);
        if (e.lProvider && e.lProvider.indexOf(t) === 0) s += 60;
        else if (at(e.lProvider, t)) s += 30;
        if (e.reason === t || e.id === t) s += 80;
        s += 1;
      }
      total += s;
    }
    if (codes && !codeHits) return 0;
    if (phrase.indexOf(" ") > 0) {
      if (at(e.lTitle, phrase)) total += 60;
      if (at(e.lPatterns, phrase)) total += 50;
      if (at(e.lSummary, phrase)) total += 25;
      // "mailbox full", "user unknown": the reason itself.
      if (e.kind === "reason" && (phrase.replace(/ /g, "") === e.reason || phrase === e.reasonLabel.toLowerCase())) total += 150;
    }
    return total;
  }

  function search(entries, q, limit) {
    var toks = tokens(q);
    if (!toks.length) return [];
    var phrase = toks.join(" ");
    var hits = [];
    entries.forEach(function (e) {
      var s = score(e, toks, phrase);
      if (s > 0) hits.push({ e: e, s: s });
    });
    hits.sort(function (a, b) {
      return b.s - a.s ||
        (KIND_RANK[a.e.kind] || 0) - (KIND_RANK[b.e.kind] || 0) ||
        a.e.title.length - b.e.title.length;
    });
    return hits.slice(0, limit).map(function (h) { return h.e; });
  }

  // slug is tools/site's slugify: the folder of a provider's page.
  function slug(s) {
    return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "other";
  }

  // providersFor lists the providers whose name the query mentions
  // ("yahoo", "microsoft 365"), with how many entries each has, so the
  // results can offer the provider's whole page first.
  function providersFor(entries, q) {
    var words = tokens(q).filter(function (t) { return t.length >= 3 && !/^[\d.x]+$/.test(t); });
    if (!words.length) return [];
    var seen = {}, out = [];
    entries.forEach(function (e) {
      if (!e.provider) return;
      var key = slug(e.provider);
      if (seen[key]) { seen[key].n++; return; }
      var parts = e.lProvider.split(/[^a-z0-9&.]+/);
      var hit = words.every(function (w) {
        return parts.some(function (part) { return part.indexOf(w) === 0; });
      });
      if (!hit) return;
      seen[key] = { name: e.provider, key: key, n: 1 };
      out.push(seen[key]);
    });
    return out.slice(0, 3);
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }

  var uid = 0;

  function attach(input) {
    var root = input.getAttribute("data-kb-root") || "";
    var main = input.hasAttribute("data-kb-main");
    var limit = main ? 30 : 8;
    var form = input.form;
    var box = form || input.parentNode;
    var id = "kb-search-" + (++uid);

    var status = el("p", "search-status");
    status.id = id + "-status";
    status.setAttribute("role", "status");
    status.hidden = true;
    var list = el("ul", "search-results");
    list.id = id + "-results";
    list.setAttribute("aria-label", "Search results");
    list.hidden = true;
    box.appendChild(status);
    box.appendChild(list);
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-describedby", status.id);

    var entries = null, pending = null, last = null;

    function ensure() {
      if (entries || pending) return pending;
      pending = loadIndex(root + "kb/search.json").then(function (es) {
        entries = es;
        pending = null;
        if (input.value.trim()) run();
      }, function () {
        pending = null;
        say("Search needs the site's index, which did not load. Browse by reason, code or provider instead.");
      });
      return pending;
    }

    function say(text) {
      status.textContent = text;
      status.hidden = !text;
    }

    function links() { return list.querySelectorAll("a"); }

    function close() {
      if (main) return;
      list.hidden = true;
      say("");
    }

    function render(results, q, providers) {
      list.textContent = "";
      providers.forEach(function (p) {
        var li = el("li", "search-result search-result--provider");
        var a = el("a");
        a.href = root + "kb/provider/" + p.key + "/";
        a.appendChild(el("span", "search-result__title", "All " + p.name + " messages"));
        a.appendChild(el("span", "search-result__summary", p.n === 1 ? "1 entry" : p.n + " entries"));
        li.appendChild(a);
        list.appendChild(li);
      });
      results.forEach(function (e) {
        var li = el("li", "search-result");
        var a = el("a");
        a.href = root + "kb/" + e.id + "/";
        a.appendChild(el("span", "search-result__title", e.title));
        a.appendChild(el("span", "search-result__summary", e.summary));
        var meta = el("span", "search-result__meta");
        meta.appendChild(el("span", "tag", e.provider || KIND_LABELS[e.kind] || e.kind));
        e.codes.slice(0, 4).forEach(function (c) { meta.appendChild(el("span", "tag tag--code", c)); });
        if (e.hard === true) meta.appendChild(el("span", "tag tag--hard", "Permanent"));
        else if (e.hard === false) meta.appendChild(el("span", "tag tag--soft", "Temporary"));
        a.appendChild(meta);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = results.length + providers.length === 0;
      if (!results.length) {
        say("Nothing matches \u201c" + q + "\u201d. Try a code such as 550 or 5.1.1, or a few words from the message.");
      } else {
        say(results.length === 1 ? "1 entry matches." : results.length + (results.length === limit ? "+" : "") + " entries match.");
      }
    }

    function run() {
      var q = input.value.trim();
      if (q === last && !list.hidden) return;
      last = q;
      if (!q) {
        list.textContent = "";
        list.hidden = true;
        say("");
        return;
      }
      if (!entries) {
        say("Loading the index\u2026");
        ensure();
        return;
      }
      render(search(entries, q, limit), q, providersFor(entries, q));
      if (main && window.history && history.replaceState) {
        var u = new URL(window.location.href);
        u.searchParams.set("q", q);
        history.replaceState(null, "", u.toString());
      }
    }

    input.addEventListener("focus", ensure);
    input.addEventListener("input", function () { last = null; run(); });
    input.addEventListener("keydown", function (ev) {
      var ls = links();
      if (ev.key === "ArrowDown" && ls.length && !list.hidden) {
        ev.preventDefault();
        ls[0].focus();
      } else if (ev.key === "Escape") {
        if (!list.hidden && !main) {
          ev.preventDefault();
          close();
        }
      } else if (ev.key === "Enter" && ls.length && !list.hidden) {
        ev.preventDefault();
        window.location.href = ls[0].href;
      }
    });
    list.addEventListener("keydown", function (ev) {
      var ls = Array.prototype.slice.call(links());
      var i = ls.indexOf(document.activeElement);
      if (i < 0) return;
      if (ev.key === "ArrowDown") {
        ev.preventDefault();
        if (i + 1 < ls.length) ls[i + 1].focus();
      } else if (ev.key === "ArrowUp") {
        ev.preventDefault();
        if (i > 0) ls[i - 1].focus(); else input.focus();
      } else if (ev.key === "Escape") {
        ev.preventDefault();
        input.focus();
        close();
      } else if (ev.key === "Home") {
        ev.preventDefault();
        ls[0].focus();
      } else if (ev.key === "End") {
        ev.preventDefault();
        ls[ls.length - 1].focus();
      }
    });
    if (form) {
      form.addEventListener("submit", function (ev) {
        // With results on screen, Enter opens the best one; otherwise the
        // form goes to the KB home, which searches for ?q= there.
        var ls = links();
        if (ls.length && !list.hidden) {
          ev.preventDefault();
          window.location.href = ls[0].href;
        }
      });
    }
    if (!main) {
      box.addEventListener("focusout", function (ev) {
        if (!ev.relatedTarget || !box.contains(ev.relatedTarget)) close();
      });
      input.addEventListener("focus", function () { if (input.value.trim()) { last = null; run(); } });
    }
    if (main) {
      var q = new URLSearchParams(window.location.search).get("q");
      if (q) {
        input.value = q;
        last = null;
        ensure();
        run();
      }
    }
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-kb-search]");
    for (var i = 0; i < inputs.length; i++) attach(inputs[i]);
  }

  // Exposed for tests and for the paste page, which may offer KB search when
  // a bounce is not recognised.
  window.bounceKBSearch = { search: search, providers: providersFor, load: loadIndex };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
