/* countbytes.js — counts a download's bytes as they arrive, for the
 * "loading the classifier (n %)" line. tools/site puts it in front of
 * bounce.js and of worker.js in the built site, so both have the one loop
 * and the worker needs no extra request for it. Defines
 * self.bounceCountBytes(resp, onbytes): reads resp's body (give it a clone)
 * and calls onbytes(bytes read so far), first with 0.
 */
self.bounceCountBytes = async function (resp, onbytes) {
  "use strict";
  if (!resp.body) {
    return;
  }
  const reader = resp.body.getReader();
  let loaded = 0;
  onbytes(0);
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) {
        return;
      }
      loaded += chunk.value.byteLength;
      onbytes(loaded);
    }
  } catch (err) {
    // the download itself (or the compiler reading it) reports the failure
  }
};
