/* share.js — "link to this explanation": the pasted text, compressed
 * (CompressionStream "deflate-raw") and base64url-encoded, in the URL's
 * fragment (#b=...). Browsers never send the fragment to a server, so the
 * link carries the bounce from person to person and the page that opens it
 * classifies it locally. Defines window.BounceShare.
 */
(function () {
  "use strict";

  const PREFIX = "#b=";
  // Links longer than this are refused: mail programs and chat tools cut
  // long URLs, and a link that arrives cut explains nothing.
  const MAX_LINK = 64e3;

  function supported() {
    return typeof CompressionStream === "function" && typeof DecompressionStream === "function";
  }

  async function pipe(bytes, stream) {
    const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
    return new Uint8Array(await out.arrayBuffer());
  }

  function toBase64url(bytes) {
    let bin = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64url(s) {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) {
      out[i] = bin.charCodeAt(i);
    }
    return out;
  }

  // link returns the URL of this page with text in its fragment, or throws
  // an Error saying why it cannot.
  async function link(text) {
    if (!supported()) {
      throw new Error("this browser cannot compress the text for a link");
    }
    const packed = toBase64url(await pipe(new TextEncoder().encode(text), new CompressionStream("deflate-raw")));
    const url = location.href.split("#")[0] + PREFIX + packed;
    if (url.length > MAX_LINK) {
      throw new Error("the text is too long for a link; copy the explanation instead");
    }
    return url;
  }

  // fromFragment returns the text a link carries, or null when the URL has
  // none (or it is damaged).
  async function fromFragment(hash) {
    if (!hash || hash.indexOf(PREFIX) !== 0 || !supported()) {
      return null;
    }
    try {
      const bytes = await pipe(fromBase64url(hash.slice(PREFIX.length)), new DecompressionStream("deflate-raw"));
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      return null;
    }
  }

  window.BounceShare = { link: link, fromFragment: fromFragment, supported: supported };
})();
