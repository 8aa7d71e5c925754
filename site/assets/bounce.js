/* bounce.js — the page-side client of the bounce classifier (Go compiled to
 * WebAssembly). The classifier runs in a Web Worker (worker.js), so the page
 * stays responsive even on a 50 MB paste, and the text never leaves the
 * browser: the only requests are for worker.js, wasm_exec.js and bounce.wasm.
 *
 * Include it with a plain script tag; the classifier starts loading at once:
 *
 *   <link rel="preload" href="bounce.wasm" as="fetch" crossorigin>
 *   <script src="assets/bounce.js" data-wasm="bounce.wasm"
 *           data-wasm-exec="wasm_exec.js" data-wasm-size="3862389"></script>
 *
 * Loading. The page itself downloads bounce.wasm (starting with the preload
 * hint, before any script runs) and compiles it while it downloads
 * (WebAssembly.compileStreaming); the worker meanwhile loads wasm_exec.js,
 * and gets the compiled module. Where the page may not compile WebAssembly
 * (a Content-Security-Policy without 'wasm-unsafe-eval'), the worker
 * downloads and compiles it instead. data-wasm-size (or bounceConfig.wasmSize)
 * is the uncompressed size of bounce.wasm, written by the site build: a
 * server that compresses the download hides it, and it is the total of the
 * loading progress below.
 *
 * data-wasm, data-wasm-exec and data-worker are resolved against the
 * document's URL; without them bounce.wasm and wasm_exec.js are looked for
 * next to bounce.js, or one folder up when bounce.js is in an "assets/"
 * folder, and worker.js next to bounce.js. A page may instead set
 * window.bounceConfig = {wasm, exec, worker, wasmSize, timeoutMs, module, bytes, lazy} before the
 * script runs (module: a compiled WebAssembly.Module, bytes: the WASM as an
 * ArrayBuffer, for pages that cannot fetch it; timeoutMs: the default of
 * classify's options.timeoutMs; lazy: true waits for the first classify()
 * or bounce.load() before loading anything).
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
 *       options.timeoutMs: how long this input may run in the classifier
 *         (default 8000; 0 or Infinity: no limit). Past it, classify()
 *         rejects with an Error whose name is "TimeoutError", and the
 *         worker is restarted (inputs queued behind are resent). Time spent
 *         waiting for the classifier to load does not count.
 *   bounce.state: "idle" (lazy, not started), "loading", "ready" or "failed"
 *   bounce.readyMs: milliseconds from loading bounce.js to ready
 *   bounce.readyAt: performance.now() when it became ready (from navigation)
 *   bounce.timing: {script, worker, load, start, workerRan, workerInit}:
 *       when bounce.js ran (ms from navigation), then ms from the worker's
 *       start to ready, of which downloading and compiling, and starting
 *       the Go program; when worker.js ran and got its init message (ms
 *       from navigation)
 *   bounce.lastMs: time the last input spent in the classifier itself
 *   bounce.error: why it failed, when bounce.state is "failed"
 *   bounce.load(): start loading now (needed with lazy: true), or try
 *       again after a failure (classify() refuses inputs until then)
 *   bounce.onstatechange: set it to a function to hear about state changes
 *   bounce.onloadprogress: set it to a function to hear about the download
 *       of the classifier: called with {loaded, total} (bytes of
 *       bounce.wasm, uncompressed) as they arrive; total is 0 when
 *       unknown, and loaded may pass a total that was wrong. Not called
 *       for a classifier given as bytes or as a module.
 *   bounce.loadProgress: the last {loaded, total} reported, for a page
 *       that sets onloadprogress late
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
  // The uncompressed size of bounce.wasm, when the build wrote it.
  const wasmSize = Number(config.wasmSize || (script && script.getAttribute("data-wasm-size"))) || 0;
  // How long one input may run in the classifier, by default.
  const DEFAULT_TIMEOUT_MS = config.timeoutMs === undefined ? 8000 : Number(config.timeoutMs);
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
  let download = null; // Promise<WebAssembly.Module>: this page's one download
  let compiled = null; // the module, once compiled, for restarts

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
    onloadprogress: null,
    loadProgress: { loaded: 0, total: wasmSize },
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
    if (config.module || compiled) {
      init.module = config.module || compiled;
    } else if (config.bytes) {
      init.bytes = config.bytes.slice(0);
    } else {
      init.later = true; // the page downloads and compiles meanwhile
      fetchAndCompile(worker);
    }
    worker.postMessage(init);
  }

  // fetchAndCompile hands worker w the compiled classifier, downloaded and
  // compiled here once per page; when that fails, w downloads it itself
  // (and reports what goes wrong).
  function fetchAndCompile(w) {
    if (!download) {
      download = compileHere();
      download.catch(function () {});
    }
    download.then(function (module) {
      compiled = module;
      if (worker === w) {
        w.postMessage({ type: "source", module: module });
      }
    }).catch(function () {
      download = null; // bounce.load() tries again
      if (worker === w) {
        w.postMessage({ type: "source", wasm: urls.wasm, size: wasmSize });
      }
    });
  }

  // compileHere downloads bounce.wasm (the preload hint's request, when the
  // page has one) and compiles it as it arrives, counting the bytes.
  async function compileHere() {
    const resp = await fetch(urls.wasm);
    if (!resp.ok) {
      throw new Error(urls.wasm + ": HTTP " + resp.status);
    }
    const encoded = resp.headers.get("Content-Encoding");
    const total = wasmSize || (encoded ? 0 : Number(resp.headers.get("Content-Length")) || 0);
    // The compiler reads the response itself, so the browser can cache
    // the compiled code; a copy of the stream is only counted.
    self.bounceCountBytes(resp.clone(), function (loaded) { // countbytes.js
      loadProgress(loaded, total ? Math.max(total, loaded) : 0);
    });
    if (WebAssembly.compileStreaming && /^application\/wasm\b/.test(resp.headers.get("Content-Type") || "")) {
      return WebAssembly.compileStreaming(resp);
    }
    return WebAssembly.compile(await resp.arrayBuffer());
  }

  function loadProgress(loaded, total) {
    api.loadProgress = { loaded: loaded, total: total };
    if (typeof api.onloadprogress === "function") {
      try {
        api.onloadprogress({ loaded: loaded, total: total });
      } catch (e) {
        // a listener's error must not break the client
      }
    }
  }

  function onMessage(ev) {
    const msg = ev.data || {};
    const job = pending.get(msg.id);
    switch (msg.type) {
      case "ready":
        api.readyAt = performance.now();
        api.timing = { script: t0, worker: msg.ms, load: msg.loadMs, start: msg.startMs,
          workerRan: msg.evalAt - performance.timeOrigin, workerInit: msg.initAt - performance.timeOrigin };
        api.readyMs = api.readyAt - t0;
        restarts = 0;
        setState("ready");
        settleReady.resolve();
        break;
      case "failed":
        failed(msg.message);
        break;
      case "loading":
        loadProgress(msg.loaded, msg.total);
        break;
      case "progress":
        if (job) {
          if (!job.running) {
            job.running = true;
            startClock(msg.id, job);
          }
          progress(job, msg.stage, msg.loaded, msg.total);
        }
        break;
      case "result":
        if (job) {
          settle(msg.id, job);
          api.lastMs = msg.ms;
          progress(job, "done", job.size, job.size);
          job.resolve(msg.report);
        }
        break;
      case "error":
        if (job) {
          settle(msg.id, job);
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
      settle(id, job);
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

  // startClock starts the time limit of an input once the worker has begun
  // on it: past it, the input is refused and the busy worker replaced.
  function startClock(id, job) {
    const ms = job.timeoutMs;
    if (!(ms > 0) || ms === Infinity) {
      return;
    }
    job.timer = setTimeout(function () {
      if (pending.get(id) !== job) {
        return;
      }
      settle(id, job);
      job.reject(timeoutError(ms));
      restart();
    }, ms);
  }

  // settle takes a finished input off the books.
  function settle(id, job) {
    pending.delete(id);
    stopClock(job);
  }

  function stopClock(job) {
    if (job.timer) {
      clearTimeout(job.timer);
      job.timer = null;
    }
  }

  function timeoutError(ms) {
    const message = "the classifier took longer than " + (ms >= 1000 ? Math.round(ms / 1000) + " s" : ms + " ms") +
      " on this text and was stopped";
    try {
      return new DOMException(message, "TimeoutError");
    } catch (e) {
      const err = new Error(message);
      err.name = "TimeoutError";
      return err;
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
      const job = {
        resolve: res, reject: rej, onprogress: options.onprogress, size: size, running: false,
        timeoutMs: options.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : Number(options.timeoutMs), timer: null,
      };
      pending.set(id, job);
      progress(job, "waiting", 0, size);
      if (signal) {
        signal.addEventListener("abort", function () {
          if (!pending.has(id)) {
            return;
          }
          settle(id, job);
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
        settle(id, job);
        job.reject(new Error(api.error || "the classifier is not available"));
      } else if (typeof job.input === "string") {
        job.running = false;
        stopClock(job); // it starts again with the new worker
        worker.postMessage({ type: "classify", id: id, input: job.input });
      } else {
        settle(id, job);
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
