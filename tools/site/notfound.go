package main

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"strings"
)

// notFoundScript is the one inline script of the site, in 404.html. A static
// host sends 404.html for a missing path at any depth, so the page cannot
// link relatively; it links from the site root the builder was told (-base),
// which is wrong when the folder was put somewhere else (a project page under
// /repo/, a subfolder of an intranet). The script then finds the real root,
// the deepest folder of the address that holds kb/search.json, and moves
// every link, the stylesheet and the search onto it.
//
// It has to be inline: a script file would be looked for under the wrong
// root too. The page's Content-Security-Policy allows exactly this text by
// its hash (notFoundCSP).
const notFoundScript = `(function () {
  "use strict";
  var built = document.currentScript.getAttribute("data-site-root") || "/";
  function candidates() {
    var dirs = location.pathname.replace(/[^\/]*$/, "").split("/"), out = [];
    if (location.pathname.indexOf(built) === 0) out.push(built);
    for (var n = dirs.length - 1; n >= 1 && out.length < 8; n--) {
      var c = dirs.slice(0, n).join("/") + "/";
      if (out.indexOf(c) < 0) out.push(c);
    }
    return out;
  }
  function probe(list, i) {
    if (i >= list.length) return Promise.resolve(null);
    return fetch(list[i] + "kb/search.json", { method: "HEAD", credentials: "same-origin" })
      .then(function (r) { return r.ok ? list[i] : probe(list, i + 1); },
            function () { return probe(list, i + 1); });
  }
  function move(root) {
    var attrs = ["href", "src", "action", "data-kb-root"];
    var els = document.querySelectorAll("[href], [src], [action], [data-kb-root]");
    for (var i = 0; i < els.length; i++) {
      for (var j = 0; j < attrs.length; j++) {
        var v = els[i].getAttribute(attrs[j]);
        if (v && v.indexOf(built) === 0 && v.charAt(1) !== "/") {
          els[i].setAttribute(attrs[j], root + v.slice(built.length));
        }
      }
    }
    var s = document.createElement("script");
    s.src = root + "search.js";
    document.head.appendChild(s);
  }
  function start() {
    probe(candidates(), 0).then(function (root) {
      if (root && root !== built) move(root);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();`

// notFoundCSP is the site's policy with the 404 script allowed by its hash.
func notFoundCSP() string {
	sum := sha256.Sum256([]byte(notFoundScript))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	return strings.Replace(csp, "script-src 'self'", "script-src 'self' "+hash, 1)
}

// notFoundJS is notFoundScript for the template, which places it verbatim.
func notFoundJS() template.JS { return template.JS(notFoundScript) }
