/* worker.js — runs the WebAssembly classifier (bounce.wasm, built from wasm/)
 * in a Web Worker, so that the page never freezes, whatever it is given.
 * bounce.js starts it; nothing else should need to talk to it.
 *
 * Messages, page → worker:
 *   {type: "init", wasm: URL, exec: URL}      load wasm_exec.js and bounce.wasm
 *   {type: "init", module: WebAssembly.Module, exec: URL}
 *   {type: "init", bytes: ArrayBuffer, exec: URL}   (for pages that carry the
 *                                              WASM inline and cannot fetch it)
 *   {type: "classify", id, input}             input: string, ArrayBuffer or Uint8Array
 * Messages, worker → page:
 *   {type: "ready", ms, loadMs, startMs}      ms: init to ready, in this worker;
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

self.onmessage = function (ev) {
  const msg = ev.data || {};
  if (msg.type === "init") {
    init(msg);
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
  const download = msg.wasm && !msg.module && !msg.bytes ? fetch(msg.wasm) : null;
  if (download) {
    download.catch(function () {}); // load() reports it
  }
  try {
    importScripts(msg.exec);
    const go = new Go();
    let instance;
    if (msg.module) {
      instance = await WebAssembly.instantiate(msg.module, go.importObject);
    } else if (msg.bytes) {
      instance = (await WebAssembly.instantiate(msg.bytes, go.importObject)).instance;
    } else {
      instance = await load(msg.wasm, download, go.importObject);
    }
    const instantiated = performance.now();
    go.run(instance).then(function () {
      fail("the classifier stopped");
    }, function (err) {
      fail("the classifier stopped: " + err);
    });
    await self.bounce.ready;
    const now = performance.now();
    self.postMessage({ type: "ready", ms: now - started, loadMs: instantiated - started, startMs: now - instantiated });
    warmUp();
    announce.resolve();
  } catch (err) {
    fail("could not load the classifier: " + (err && err.message ? err.message : err));
  }
}

// load compiles while downloading (instantiateStreaming); a server that
// does not send application/wasm makes that fail, so fall back to bytes.
async function load(url, download, imports) {
  if (WebAssembly.instantiateStreaming) {
    try {
      return (await WebAssembly.instantiateStreaming(download || fetch(url), imports)).instance;
    } catch (err) {
      // fall through: try again from the bytes
    }
  }
  const resp = await fetch(url);
  if (!resp.ok) {
    throw new Error(url + ": HTTP " + resp.status);
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
    const report = self.bounce.classify(bytes);
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
