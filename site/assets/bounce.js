/* bounce.js — the page-side client of the bounce classifier (Go compiled to
 * WebAssembly). The classifier runs in a Web Worker (worker.js), so the page
 * stays responsive even on a 50 MB paste, and the text never leaves the
 * browser: the only requests are for worker.js, wasm_exec.js and bounce.wasm.
 *
 * Include it with a plain script tag; the worker starts loading at once:
 *
 *   <script src="assets/bounce.js" data-wasm="bounce.wasm"
 *           data-wasm-exec="wasm_exec.js"></script>
 *
 * data-wasm, data-wasm-exec and data-worker are resolved against the
 * document's URL; without them bounce.wasm and wasm_exec.js are looked for
 * next to bounce.js, or one folder up when bounce.js is in an "assets/"
 * folder, and worker.js next to bounce.js. A page may instead set
 * window.bounceConfig = {wasm, exec, worker, module, bytes, lazy} before the
 * script runs (module: a compiled WebAssembly.Module, bytes: the WASM as an
 * ArrayBuffer, for pages that cannot fetch it; lazy: true waits for the
 * first classify() or bounce.load() before loading anything).
 *
 * API (window.bounce):
 *
 *   bounce.ready: Promise<void>
 *       Resolves when the classifier is loaded; rejects if it cannot load.
 *   bounce.classify(input, options?) → Promise<Report>
 *       input: a string, a Blob or File, an ArrayBuffer or a Uint8Array.
 *       Calls made before bounce.ready resolves are queued, not refused.
 *       Report: the shape of DESIGN.md. Every evidence span {start, end}
 *       (byte offsets into the UTF-8 input) also has char_start and
 *       char_end: UTF-16 indexes into the string given (or into the UTF-8
 *       decoding of the bytes given), ready for String.prototype.slice.
 *       options.onprogress(p): p = {stage, loaded, total}; stage is
 *         "reading" (a Blob is being read: loaded/total bytes),
 *         "waiting" (for the classifier to load or a previous input),
 *         "classifying" (total: input bytes) and "done".
 *       options.signal: an AbortSignal; aborting rejects with an
 *         AbortError and, if this input is being classified right now,
 *         restarts the worker rather than wait for it.
 *   bounce.state: "idle" (lazy, not started), "loading", "ready" or "failed"
 *   bounce.readyMs: milliseconds from loading bounce.js to ready
 *   bounce.readyAt: performance.now() when it became ready (from navigation)
 *   bounce.timing: {script, worker, load, start}: when bounce.js ran (ms
 *       from navigation), then ms from the worker's start to ready, of
 *       which downloading and compiling, and starting the Go program
 *   bounce.lastMs: time the last input spent in the classifier itself
 *   bounce.error: why it failed, when bounce.state is "failed"
 *   bounce.load(): start loading now (needed with lazy: true), or try
 *       again after a failure (classify() refuses inputs until then)
 *   bounce.onstatechange: set it to a function to hear about state changes
 */
(function () {
  "use strict";

  const t0 = performance.now();
  const script = document.currentScript;
  const config = Object.assign({}, window.bounceConfig || {});

  function scriptURL() {
    return script && script.src ? script.src : document.baseURI;
  }

  function resolve(attr, fallback) {
    const value = config[attr] || (script && script.getAttribute("data-" + attr));
    if (value) {
      return new URL(value, document.baseURI).href;
    }
    return fallback;
  }

  const here = new URL(".", scriptURL());
  const root = /\/assets\/$/.test(here.pathname) ? new URL("..", here) : here;
  const urls = {
    worker: resolve("worker", new URL("worker.js", here).href),
    wasm: resolve("wasm", new URL("bounce.wasm", root).href),
    exec: config.exec ? new URL(config.exec, document.baseURI).href
      : resolve("wasm-exec", new URL("wasm_exec.js", root).href),
  };

  let worker = null;
  let nextID = 1;
  const pending = new Map(); // id → {resolve, reject, onprogress, started}
  let restarts = 0;

  let settleReady;
  const ready = new Promise(function (res, rej) {
    settleReady = { resolve: res, reject: rej };
  });
  // Callers that only await classify() must not see an unhandled rejection.
  ready.catch(function () {});

  const api = {
    ready: ready,
    state: "idle",
    readyMs: 0,
    readyAt: 0,
    timing: null,
    lastMs: 0,
    error: "",
    onstatechange: null,
    classify: classify,
    load: start,
  };

  function setState(state, error) {
    api.state = state;
    if (error) {
      api.error = error;
    }
    if (typeof api.onstatechange === "function") {
      try {
        api.onstatechange(state);
      } catch (e) {
        // a listener's error must not break the client
      }
    }
  }

  function start() {
    if (worker) {
      return;
    }
    restarts = api.state === "failed" ? 0 : restarts;
    setState("loading");
    try {
      worker = new Worker(urls.worker);
    } catch (err) {
      failed("cannot start the worker: " + err.message);
      return;
    }
    worker.onmessage = onMessage;
    worker.onerror = function (ev) {
      ev.preventDefault();
      failed("the worker failed: " + (ev.message || "unknown error"));
    };
    const init = { type: "init", exec: urls.exec };
    if (config.module) {
      init.module = config.module;
    } else if (config.bytes) {
      init.bytes = config.bytes.slice(0);
    } else {
      init.wasm = urls.wasm;
    }
    worker.postMessage(init);
  }

  function onMessage(ev) {
    const msg = ev.data || {};
    const job = pending.get(msg.id);
    switch (msg.type) {
      case "ready":
        api.readyAt = performance.now();
        api.timing = { script: t0, worker: msg.ms, load: msg.loadMs, start: msg.startMs };
        api.readyMs = api.readyAt - t0;
        restarts = 0;
        setState("ready");
        settleReady.resolve();
        break;
      case "failed":
        failed(msg.message);
        break;
      case "progress":
        if (job) {
          job.running = true;
          progress(job, msg.stage, msg.loaded, msg.total);
        }
        break;
      case "result":
        if (job) {
          pending.delete(msg.id);
          api.lastMs = msg.ms;
          progress(job, "done", job.size, job.size);
          job.resolve(msg.report);
        }
        break;
      case "error":
        if (job) {
          pending.delete(msg.id);
          job.reject(new Error(msg.message));
        }
        break;
    }
  }

  // failed is for the classifier as a whole: every waiting input is refused.
  // Once ready, a failure restarts the worker (a crash must not end the
  // page); before ready, it is final.
  function failed(message) {
    const wasReady = api.state === "ready";
    stopWorker();
    for (const [id, job] of pending) {
      pending.delete(id);
      job.reject(new Error(message));
    }
    if (wasReady && restarts < 3) {
      restarts++;
      start();
      return;
    }
    setState("failed", message);
    settleReady.reject(new Error(message));
  }

  function stopWorker() {
    if (worker) {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
      worker = null;
    }
  }

  function progress(job, stage, loaded, total) {
    if (typeof job.onprogress === "function") {
      try {
        job.onprogress({ stage: stage, loaded: loaded, total: total });
      } catch (e) {
        // a listener's error must not break the client
      }
    }
  }

  function abortError() {
    try {
      return new DOMException("classification aborted", "AbortError");
    } catch (e) {
      const err = new Error("classification aborted");
      err.name = "AbortError";
      return err;
    }
  }

  async function classify(input, options) {
    options = options || {};
    const signal = options.signal;
    if (signal && signal.aborted) {
      throw abortError();
    }
    // After a failed load, inputs are refused until bounce.load() is
    // called again: no silent retry behind every keystroke.
    if (api.state === "failed") {
      throw new Error(api.error || "the classifier is not available");
    }
    start();
    let payload = input;
    let transfer = [];
    if (typeof Blob !== "undefined" && input instanceof Blob) {
      payload = await readBlob(input, options);
      transfer = [payload];
    } else if (input instanceof ArrayBuffer) {
      payload = input.slice(0); // the caller keeps theirs
      transfer = [payload];
    } else if (ArrayBuffer.isView(input)) {
      payload = input.buffer.slice(input.byteOffset, input.byteOffset + input.byteLength);
      transfer = [payload];
    } else if (input == null) {
      payload = "";
    } else if (typeof input !== "string") {
      payload = String(input);
    }
    if (signal && signal.aborted) {
      throw abortError();
    }
    if (api.state === "failed") {
      throw new Error(api.error || "the classifier is not available");
    }
    const size = typeof payload === "string" ? payload.length : payload.byteLength;
    return new Promise(function (res, rej) {
      const id = nextID++;
      const job = { resolve: res, reject: rej, onprogress: options.onprogress, size: size, running: false };
      pending.set(id, job);
      progress(job, "waiting", 0, size);
      if (signal) {
        signal.addEventListener("abort", function () {
          if (!pending.has(id)) {
            return;
          }
          pending.delete(id);
          rej(abortError());
          if (job.running) {
            // The worker is busy with this input and cannot be
            // interrupted: replace it, and resend what was queued behind.
            restart();
          }
        }, { once: true });
      }
      worker.postMessage({ type: "classify", id: id, input: payload }, transfer);
      // Kept for restart(); a transferred buffer is gone from here.
      job.input = typeof payload === "string" ? payload : null;
    });
  }

  // restart replaces a busy worker. Inputs that were waiting behind the
  // aborted one are sent to the new worker (strings are still here; a
  // transferred buffer is gone, so those inputs are refused).
  function restart() {
    const waiting = Array.from(pending.entries());
    stopWorker();
    api.state = "loading";
    start();
    for (const [id, job] of waiting) {
      if (!worker) {
        pending.delete(id);
        job.reject(new Error(api.error || "the classifier is not available"));
      } else if (typeof job.input === "string") {
        job.running = false;
        worker.postMessage({ type: "classify", id: id, input: job.input });
      } else {
        pending.delete(id);
        job.reject(new Error("classification interrupted; please try again"));
      }
    }
  }

  async function readBlob(blob, options) {
    const total = blob.size;
    const job = { onprogress: options.onprogress };
    progress(job, "reading", 0, total);
    if (!blob.stream) {
      const buf = await blob.arrayBuffer();
      progress(job, "reading", total, total);
      return buf;
    }
    const out = new Uint8Array(total);
    const reader = blob.stream().getReader();
    let loaded = 0;
    for (;;) {
      if (options.signal && options.signal.aborted) {
        reader.cancel();
        throw abortError();
      }
      const chunk = await reader.read();
      if (chunk.done) {
        break;
      }
      out.set(chunk.value.subarray(0, Math.max(0, total - loaded)), loaded);
      loaded += chunk.value.length;
      progress(job, "reading", Math.min(loaded, total), total);
    }
    return out.buffer;
  }

  window.bounce = api;
  if (!config.lazy) {
    start();
  }
})();
