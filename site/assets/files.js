/* files.js — the paste page's files table: several bounces opened or
 * dropped at once are explained one by one into a table, one row per
 * recipient, which downloads as CSV. The labels are the Report's
 * (outcome_label, cause_label, who_label), decided in Go.
 *
 * paste.js calls BounceFiles.setup(page) with what the table needs from the
 * page: {bounce, setStatus, showProgress, hideProgress, replaceInput,
 * kbHref, absoluteKB, entryExists, input}. Rows carry the page's test hooks
 * data-reason and data-entry.
 */
(function () {
  "use strict";

  const C = window.BounceCards;
  const h = C.h;
  const FILE_TEXT_MAX = 100e6;

  function $(id) {
    return document.getElementById(id);
  }

  function formatBytes(n) {
    if (n >= 1e6) {
      return (n / 1e6).toFixed(1) + " MB";
    }
    return n >= 1e3 ? Math.round(n / 1e3) + " kB" : n + " bytes";
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function setup(page) {
    const ui = {
      files: $("files"),
      body: $("files-body"),
      summary: $("files-summary"),
      exportCSV: $("export-csv"),
    };
    let rows = []; // {file, name, report, error}
    let seq = 0;

    function recipientsOf(row) {
      return row.report && row.report.bounce ? row.report.recipients || [] : [];
    }

    async function explainFiles(files) {
      const my = ++seq;
      rows = [];
      ui.files.hidden = false;
      while (ui.body.firstChild) {
        ui.body.removeChild(ui.body.firstChild);
      }
      ui.files.setAttribute("data-state", "working");
      ui.exportCSV.disabled = true;
      for (const file of files) {
        if (my !== seq) {
          return;
        }
        ui.summary.textContent = "Explaining file " + (rows.length + 1) + " of " + files.length + ": " + file.name + "…";
        const row = { file: file, name: file.name, report: null, error: "" };
        try {
          row.report = await page.bounce.classify(file, { onprogress: progress(my, file) });
        } catch (err) {
          row.error = err && err.name === "TimeoutError" ? "took too long and was stopped"
            : err && err.message ? err.message : String(err);
        }
        if (my !== seq) {
          return;
        }
        rows.push(row);
        appendRows(row, rows.length - 1);
      }
      page.hideProgress();
      ui.exportCSV.disabled = false;
      ui.summary.textContent = summary();
      ui.files.setAttribute("data-state", "done");
      // The status line is the page's one live region.
      page.setStatus("Files explained: " + ui.summary.textContent + " The table is below.", false);
      page.bringIntoView(ui.files, $("files-title"));
    }

    function progress(my, file) {
      return function (p) {
        if (my !== seq) {
          return;
        }
        if (p.stage === "reading" && p.total > 1e6) {
          page.setStatus("Reading " + file.name + ": " + formatBytes(p.loaded) + " of " + formatBytes(p.total), true);
          page.showProgress(p.loaded, p.total);
        } else if (p.stage === "classifying" && p.total > 1e6) {
          page.setStatus("Explaining " + file.name + " (" + formatBytes(p.total) + ")…", true);
          page.showProgress();
        }
      };
    }

    function summary() {
      let n = 0;
      const counts = new Map();
      for (const row of rows) {
        for (const r of recipientsOf(row)) {
          n++;
          const k = (r.outcome_label || "explained").toLowerCase();
          counts.set(k, (counts.get(k) || 0) + 1);
        }
      }
      const parts = Array.from(counts, function (kv) { return kv[1] + " " + kv[0]; });
      return plural(rows.length, "file", "files") + ", " + plural(n, "recipient", "recipients") +
        (parts.length ? ": " + parts.join(", ") : "") + ".";
    }

    function showButton(row, index) {
      const b = h("button", { type: "button", class: "button button--secondary button--small files__show" }, [
        "Show", h("span", { class: "visually-hidden" }, " " + row.name + " in detail"),
      ]);
      b.addEventListener("click", function () {
        showFile(index);
      });
      return b;
    }

    function appendRows(row, index) {
      const list = recipientsOf(row);
      const show = showButton(row, index);
      if (list.length === 0) {
        const what = row.error ? "Could not be explained: " + row.error : C.notBounce(row.report || {}).title;
        ui.body.appendChild(h("tr", { "data-reason": "", "data-entry": "", class: "files__row files__row--none" }, [
          h("th", { scope: "row" }, row.name),
          h("td", null, "—"),
          h("td", null, [what, " · ", h("a", { href: "kb/" }, "search the knowledge base")]),
          h("td", null, "—"), h("td", null, "—"), h("td", null, "—"),
          h("td", null, show),
        ]));
        return;
      }
      list.forEach(function (r, i) {
        const entry = C.validEntry(r.entry) ? r.entry : "";
        const title = entry && page.entryExists(entry)
          ? h("a", { href: page.kbHref(entry), class: "files__kb" }, r.title || "Read the article")
          : (r.title || "Not recognised");
        ui.body.appendChild(h("tr", { "data-reason": r.reason || "undefined", "data-entry": entry, class: "files__row" }, [
          h("th", { scope: "row" }, i === 0 ? row.name : h("span", { class: "visually-hidden" }, row.name)),
          h("td", null, r.address || "—"),
          h("td", null, title),
          h("td", null, [
            h("span", { class: "badge badge--outcome", "data-outcome": r.outcome || "" }, r.outcome_label || "—"),
            r.cause_label ? [" ", h("span", { class: "badge badge--cause", "data-cause": r.cause || "" }, r.cause_label)] : null,
          ].flat()),
          h("td", { class: "files__codes" }, [r.status, r.reply_code].filter(Boolean).join(" ") || "—"),
          h("td", null, r.who_label || "—"),
          h("td", null, i === 0 ? show : ""),
        ]));
      });
    }

    async function showFile(index) {
      const row = rows[index];
      if (!row) {
        return;
      }
      if (row.file.size > FILE_TEXT_MAX) {
        page.setStatus(row.name + " is too large to show here (" + formatBytes(row.file.size) + "); its rows in the table are complete.", false);
        return;
      }
      try {
        page.replaceInput(await row.file.text(), "file");
      } catch (err) {
        page.setStatus("Could not read " + row.name + ": " + err.message, false);
      }
    }

    // CSV: one line per recipient; a cell that a spreadsheet would read as
    // a formula gets a leading apostrophe.
    function csvCell(v) {
      let s = v === null || v === undefined ? "" : String(v);
      if (/^[=+\-@\t\r]/.test(s)) {
        s = "'" + s;
      }
      return /[",\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
    }

    function csv() {
      const head = ["file", "recipient", "outcome", "reason", "entry", "title", "who", "status", "reply_code", "remote_mta", "diagnostic", "kb_url", "cause", "retry"];
      const lines = [head.join(",")];
      for (const row of rows) {
        const list = recipientsOf(row);
        if (list.length === 0) {
          lines.push([row.name, "", row.error ? "error" : "not a bounce", "", "", row.error, "", "", "", "", "", "", "", ""].map(csvCell).join(","));
          continue;
        }
        for (const r of list) {
          const entry = C.validEntry(r.entry) ? r.entry : "";
          lines.push([
            row.name, r.address, r.outcome, r.reason, entry, r.title, r.who, r.status, r.reply_code,
            r.remote_mta, (r.diagnostic || "").replace(/\s+/g, " "), entry ? page.absoluteKB(entry) : "", r.cause, r.retry,
          ].map(csvCell).join(","));
        }
      }
      return lines.join("\r\n") + "\r\n";
    }

    function exportCSV() {
      const text = csv();
      ui.exportCSV.lastCSV = text;
      const url = URL.createObjectURL(new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" }));
      const a = h("a", { href: url, download: "bounces.csv", class: "visually-hidden" });
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }

    ui.exportCSV.addEventListener("click", exportCSV);
    return { explainFiles: explainFiles, FILE_TEXT_MAX: FILE_TEXT_MAX };
  }

  window.BounceFiles = { setup: setup };
})();
