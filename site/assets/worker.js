/* worker.js — runs the WebAssembly classifier (bounce.wasm, built from wasm/)
 * in a Web Worker, so that the page never freezes, whatever it is given.
 * bounce.js starts it; nothing else should need to talk to it.
 *
 * Messages, page → worker:
 *   {type: "init", exec: URL, ...source}      load wasm_exec.js (unless
 *                                             tools/site put it above, as it
 *                                             does), then the classifier
 *                                             from the source:
 *     wasm: URL, size?                          download it here (size: its
 *                                               uncompressed bytes, if known)
 *     module: WebAssembly.Module                compiled by the page
 *     bytes: ArrayBuffer                        for pages that carry the WASM
 *                                               inline and cannot fetch it
 *     later: true                               the source follows in a
 *                                               {type: "source", ...source}
 *                                               message (the page downloads
 *                                               and compiles meanwhile)
 *   {type: "classify", id, input}             input: string, ArrayBuffer or Uint8Array
 * Messages, worker → page:
 *   {type: "loading", loaded, total}          bytes of bounce.wasm downloaded
 *                                             here (total 0: unknown)
 *   {type: "ready", ms, loadMs, startMs,     ms: init to ready, in this worker;
 *    evalAt, initAt}                          evalAt, initAt: when this script ran
 *                                             and init came (timeOrigin + now);
 *                                             loadMs: download and compile;
 *                                             startMs: the Go program's start
 *   {type: "failed", message}                 the classifier could not load or died
 *   {type: "progress", id, stage, loaded, total}   stage: "classifying"
 *   {type: "result", id, report, ms}          ms: time spent in bounce.classify
 *   {type: "error", id, message}              this one input could not be classified
 *
 * Each evidence span of the Report also gets char_start and char_end: the
 * span as UTF-16 indexes into the text (the string given, or the UTF-8
 * decoding of the bytes given), which is what a page needs to highlight it.
 */
"use strict";

// When this script ran and when init came, as wall-clock ms (timeOrigin +
// now), so the page can place them on its own timeline (bounce.timing).
const evaluatedAt = performance.timeOrigin + performance.now();

// wasm/main.go completes this object with classify() and calls loaded().
self.bounce = {};
let settle;
self.bounce.ready = new Promise(function (resolve, reject) {
  settle = { resolve: resolve, reject: reject };
});
self.bounce.loaded = function () {
  settle.resolve();
};

let started = 0;
let dead = "";
// Requests run one after the other, after "ready" has been posted (so the
// page always hears "ready" before the first result).
let announce;
const announced = new Promise(function (resolve, reject) {
  announce = { resolve: resolve, reject: reject };
});
announced.catch(function () {});
let queue = announced;

// source resolves to the message that says where the WASM comes from: the
// init message itself, or a later "source" message.
let giveSource;
const source = new Promise(function (resolve) {
  giveSource = resolve;
});

self.onmessage = function (ev) {
  const msg = ev.data || {};
  if (msg.type === "init") {
    if (!msg.later) {
      giveSource(msg);
    }
    init(msg);
  } else if (msg.type === "source") {
    giveSource(msg);
  } else if (msg.type === "classify") {
    queue = queue.then(function () {
      run(msg.id, msg.input);
    }, function () {
      self.postMessage({ type: "error", id: msg.id, message: dead || "the classifier is not available" });
    });
  }
};

async function init(msg) {
  started = performance.now();
  // Start downloading the WASM before loading wasm_exec.js, not after.
  const download = msg.wasm && !msg.later ? fetch(msg.wasm) : null;
  if (download) {
    download.catch(function () {}); // load() reports it
  }
  try {
    if (typeof Go !== "function") {
      importScripts(msg.exec); // tools/site puts wasm_exec.js above; this is for other copies
    }
    const go = new Go();
    const src = await source;
    let instance;
    if (src.module) {
      instance = await WebAssembly.instantiate(src.module, go.importObject);
    } else if (src.bytes) {
      instance = (await WebAssembly.instantiate(src.bytes, go.importObject)).instance;
    } else {
      instance = await load(download || fetch(src.wasm), src.wasm, src.size, go.importObject);
    }
    const instantiated = performance.now();
    go.run(instance).then(function () {
      fail("the classifier stopped");
    }, function (err) {
      fail("the classifier stopped: " + err);
    });
    await self.bounce.ready;
    const now = performance.now();
    self.postMessage({ type: "ready", ms: now - started, loadMs: instantiated - started, startMs: now - instantiated,
      evalAt: evaluatedAt, initAt: performance.timeOrigin + started });
    warmUp();
    announce.resolve();
  } catch (err) {
    fail("could not load the classifier: " + (err && err.message ? err.message : err));
  }
}

// load downloads and compiles at once (instantiateStreaming), telling the
// page how many bytes have come; a server that does not send
// application/wasm makes that fail, so then it compiles from the bytes.
async function load(download, url, size, imports) {
  const resp = await download;
  if (!resp.ok) {
    throw new Error(url + ": HTTP " + resp.status);
  }
  const total = size || (resp.headers.get("Content-Encoding") ? 0 : Number(resp.headers.get("Content-Length")) || 0);
  // The compiler reads the response itself (so the browser can cache the
  // compiled code); a copy of the stream is only counted.
  self.bounceCountBytes(resp.clone(), function (loaded) { // countbytes.js
    self.postMessage({ type: "loading", loaded: loaded, total: total ? Math.max(total, loaded) : 0 });
  });
  if (WebAssembly.instantiateStreaming && /^application\/wasm\b/.test(resp.headers.get("Content-Type") || "")) {
    return (await WebAssembly.instantiateStreaming(resp, imports)).instance;
  }
  return (await WebAssembly.instantiate(await resp.arrayBuffer(), imports)).instance;
}

// warmUp runs one small classification right away: the first call into
// the classifier pays for its one-time setup (tens of milliseconds), and
// that should not be the user's first paste.
function warmUp() {
  try {
    self.bounce.classify(new TextEncoder().encode(
      "Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n" +
      "Diagnostic-Code: smtp; 550 5.1.1 <a@example.com>: User unknown\n"));
  } catch (err) {
    // a real input will report the problem
  }
}

function fail(message) {
  dead = message;
  settle.reject(new Error(message));
  announce.reject(new Error(message));
  self.postMessage({ type: "failed", message: message });
}

function run(id, input) {
  if (dead) {
    self.postMessage({ type: "error", id: id, message: dead });
    return;
  }
  try {
    let bytes;
    if (typeof input === "string") {
      bytes = new TextEncoder().encode(input);
    } else if (input instanceof ArrayBuffer) {
      bytes = new Uint8Array(input);
    } else if (input instanceof Uint8Array) {
      bytes = input;
    } else {
      bytes = new Uint8Array(0);
    }
    self.postMessage({ type: "progress", id: id, stage: "classifying", loaded: 0, total: bytes.length });
    const t0 = performance.now();
    // The classifier answers with the Report's JSON text (wasm/main.go).
    const report = JSON.parse(self.bounce.classify(bytes));
    const ms = performance.now() - t0;
    addCharOffsets(report, bytes);
    self.postMessage({ type: "result", id: id, report: report, ms: ms });
  } catch (err) {
    self.postMessage({ type: "error", id: id, message: String(err && err.message ? err.message : err) });
  }
}

// addCharOffsets converts the Report's evidence byte offsets into UTF-16
// indexes in one pass over the bytes, decoding only up to the last offset.
function addCharOffsets(report, bytes) {
  const spans = [];
  for (const r of report.recipients || []) {
    for (const s of r.evidence || []) {
      spans.push(s);
    }
  }
  if (spans.length === 0) {
    return;
  }
  const offsets = new Set();
  for (const s of spans) {
    offsets.add(clamp(s.start, bytes.length));
    offsets.add(clamp(s.end, bytes.length));
  }
  const sorted = Array.from(offsets).sort(function (a, b) { return a - b; });
  const at = new Map();
  const dec = new TextDecoder("utf-8");
  let pos = 0;
  let chars = 0;
  for (const off of sorted) {
    if (off > pos) {
      chars += dec.decode(bytes.subarray(pos, off), { stream: true }).length;
      pos = off;
    }
    at.set(off, chars);
  }
  for (const s of spans) {
    s.char_start = at.get(clamp(s.start, bytes.length));
    s.char_end = at.get(clamp(s.end, bytes.length));
  }
}

function clamp(n, max) {
  n = Number(n) || 0;
  return n < 0 ? 0 : n > max ? max : n;
}
