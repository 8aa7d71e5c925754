/* sw-register.js — registers the service worker (sw.js) that keeps the
 * whole site usable offline. Include it on every page, from the site root:
 *
 *   <script src="sw-register.js" defer></script>        (paste page)
 *   <script src="../../sw-register.js" defer></script>  (kb/<id>/ pages)
 *
 * It asks for asset-manifest.json (bypassing the HTTP cache) and registers
 * sw.js?v=<the manifest's version>: when the site changes, the version and
 * so the script URL change, and the browser installs the new worker in the
 * background. See sw.js for how the update takes over.
 *
 * After the worker controls the page, <html> gets data-offline="ready", for
 * pages that want to say "works offline" and for tests.
 */
(function () {
  "use strict";

  if (!("serviceWorker" in navigator) || !window.isSecureContext) {
    return; // file://, plain http on a remote host, or an old browser
  }
  const script = document.currentScript;
  // sw.js and the manifest sit next to this script, at the site root, and
  // the worker's scope is that folder.
  const root = new URL(".", script && script.src ? script.src : document.baseURI);

  function mark() {
    if (navigator.serviceWorker.controller) {
      document.documentElement.setAttribute("data-offline", "ready");
    }
  }

  async function register() {
    let version = "";
    try {
      const resp = await fetch(new URL("asset-manifest.json", root).href, { cache: "no-store" });
      if (!resp.ok) {
        return;
      }
      version = String((await resp.json()).version || "");
    } catch (err) {
      return; // offline and never installed: nothing to do
    }
    if (!version) {
      return;
    }
    try {
      const url = new URL("sw.js", root);
      url.searchParams.set("v", version);
      await navigator.serviceWorker.register(url.href, { scope: root.pathname });
    } catch (err) {
      // Private windows and some policies refuse service workers; the site
      // still works online.
    }
  }

  // On the paste page, also after the classifier has loaded: precaching
  // downloads the whole site, and on a slow link it would share the line
  // with bounce.wasm and delay the first answer by seconds.
  function afterClassifier() {
    const b = window.bounce;
    if (b && b.ready && typeof b.ready.then === "function" && b.state === "loading") {
      b.ready.then(register, register);
    } else {
      register();
    }
  }

  navigator.serviceWorker.addEventListener("controllerchange", mark);
  mark();
  // After load, so precaching never competes with the page's own files.
  if (document.readyState === "complete") {
    afterClassifier();
  } else {
    window.addEventListener("load", afterClassifier, { once: true });
  }
})();
