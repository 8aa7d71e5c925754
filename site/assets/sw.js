/* sw.js — the service worker that makes the site work offline after one
 * visit: the paste page, the WebAssembly classifier and the whole knowledge
 * base are precached from asset-manifest.json and served cache-first.
 *
 * Versioning. sw-register.js registers "sw.js?v=<manifest version>"; the
 * manifest's version changes whenever any file of the site does, so a new
 * version means a new script URL, which the browser installs as a new
 * worker. Each worker owns one cache, "bounce-<its version>", filled
 * completely during install (all or nothing: a failed download leaves the
 * old version in charge and is retried on the next visit). The new worker
 * waits until no tab uses the old one, so a page never mixes files of two
 * versions; on activate it deletes every other bounce- cache. In practice:
 * an update downloads in the background and takes effect on the next visit.
 *
 * Nothing here sends anything but GET requests for the site's own files.
 */
"use strict";

const VERSION = new URL(self.location.href).searchParams.get("v") || "unversioned";
const PREFIX = "bounce-";
const CACHE = PREFIX + VERSION;
const SCOPE = new URL(self.registration ? self.registration.scope : "./", self.location.href);
const MANIFEST = new URL("asset-manifest.json", SCOPE).href;

// Files in the manifest that reading the site offline never needs, left
// out so the first visit downloads less: kb.json and kb/<id>/fragment.html
// are the KB again, packaged for import into helpdesks (a third of the
// site's bytes); the single-file build is for downloading; screenshots are
// test output.
const SKIP = [/^kb\.json$/, /^kb\/[^/]+\/fragment\.html$/, /^screenshots\//, /^bounce-explainer\.html$/, /\.map$/];

// Downloads run a few at a time: the KB is hundreds of small files.
const BATCH = 16;

self.addEventListener("install", function (event) {
  event.waitUntil(precache());
});

async function precache() {
  const resp = await fetch(MANIFEST, { cache: "no-store" });
  if (!resp.ok) {
    throw new Error("asset-manifest.json: HTTP " + resp.status);
  }
  const manifest = await resp.clone().json();
  const urls = (manifest.files || [])
    .map(function (f) { return f.url; })
    .filter(function (u) { return typeof u === "string" && !SKIP.some(function (re) { return re.test(u); }); });
  const cache = await caches.open(CACHE);
  try {
    for (let i = 0; i < urls.length; i += BATCH) {
      await Promise.all(urls.slice(i, i + BATCH).map(function (u) {
        return store(cache, cacheKey(new URL(u, SCOPE)));
      }));
    }
    await cache.put(MANIFEST, resp);
  } catch (err) {
    await caches.delete(CACHE); // never leave half a version behind
    throw err;
  }
}

async function store(cache, key) {
  // "no-cache" revalidates with the server, so a stale copy in the HTTP
  // cache cannot slip into the new version.
  const resp = await fetch(key, { cache: "no-cache" });
  if (!resp.ok) {
    throw new Error(key + ": HTTP " + resp.status);
  }
  // A browser refuses a redirected response as the answer to a page load,
  // so a host's redirect (kb/x → kb/x/) is stored as a plain response.
  const clean = resp.redirected
    ? new Response(await resp.blob(), { status: resp.status, statusText: resp.statusText, headers: resp.headers })
    : resp;
  await cache.put(key, clean);
}

// cacheKey is the URL a file is stored under: pages by their folder URL
// (kb/smtp-550/, not kb/smtp-550/index.html, which many servers redirect),
// without a fragment.
function cacheKey(url) {
  const key = new URL(url.href);
  key.hash = "";
  if (key.pathname.endsWith("/index.html")) {
    key.pathname = key.pathname.slice(0, -"index.html".length);
  }
  return key.href;
}

self.addEventListener("activate", function (event) {
  event.waitUntil((async function () {
    const names = await caches.keys();
    await Promise.all(names.filter(function (n) {
      return n.startsWith(PREFIX) && n !== CACHE;
    }).map(function (n) { return caches.delete(n); }));
    // The first install takes charge of the page that registered it, so
    // that page already works offline. (An update never reaches here while
    // an old tab is open: it waits.)
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", function (event) {
  const req = event.request;
  if (req.method !== "GET") {
    return;
  }
  const url = new URL(req.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) {
    return;
  }
  if (url.href.split("?")[0] === MANIFEST) {
    event.respondWith(networkFirst(req));
    return;
  }
  event.respondWith(cacheFirst(req, url));
});

// networkFirst is for the manifest: it is how pages learn of a new version,
// so it must be fresh when the network is there, and cached when not.
async function networkFirst(req) {
  try {
    return await fetch(req, { cache: "no-store" });
  } catch (err) {
    const hit = await caches.match(MANIFEST, { cacheName: CACHE });
    if (hit) {
      return hit;
    }
    throw err;
  }
}

async function cacheFirst(req, url) {
  const cache = await caches.open(CACHE);
  const navigate = req.mode === "navigate";
  // A page's query string (kb/?q=5.7.26) is read by its script, not the
  // server: the stored page answers for every query.
  const key = new URL(url.href);
  if (navigate || key.pathname.endsWith("/") || key.pathname.endsWith("/index.html")) {
    key.search = "";
  }
  // Pages ask for scripts, styles and the WASM as name?v=<hash> (so that
  // hosts can cache them for good); the precache stores them by name.
  key.searchParams.delete("v");
  const hit = await cache.match(cacheKey(key));
  if (hit) {
    return hit;
  }
  try {
    return await fetch(req);
  } catch (err) {
    if (navigate) {
      return new Response(
        "You are offline, and this page is not part of the saved copy of the site.",
        { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    throw err;
  }
}
