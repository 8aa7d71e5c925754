package browsertest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/bounce-explainer/bounce/classify/adversarial"
	"github.com/chromedp/chromedp"
)

// TestAdversarialInChromium classifies each adversarial input of 1 MB
// (classify/adversarial) in the page, through bounce.classify, and logs
// the time in the classifier and the round trip. The figures are for the
// report (target: ≤ 3 s each); the test fails only when a classification
// fails. It takes a minute or so, so -short skips it.
func TestAdversarialInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the adversarial inputs take a minute in the page")
	}
	url := serveDist(t)
	ctx := newBrowser(t, 1280, 900)
	openPage(t, ctx, url)
	type result struct {
		Worker float64 `json:"worker"`
		Round  float64 `json:"round"`
		Error  string  `json:"error"`
	}
	for _, in := range adversarial.Inputs(1 << 20) {
		text, _ := json.Marshal(string(in.Data))
		start := time.Now()
		got, err := chromedp.Run(ctx, chromedp.Evaluate[result](`(async (text) => {
  const t0 = performance.now();
  try {
    await bounce.classify(text);
  } catch (e) {
    return {worker: 0, round: performance.now() - t0, error: String(e && e.message || e)};
  }
  return {worker: bounce.lastMs, round: performance.now() - t0, error: ""};
})(`+string(text)+`)`, chromedp.EvalAwaitPromise))
		switch {
		case err != nil:
			t.Errorf("%s: %v", in.Name, err)
		case got.Error != "":
			t.Errorf("%s (%d bytes): classify failed after %.0f ms: %s", in.Name, len(in.Data), got.Round, got.Error)
		default:
			t.Logf("%-26s %8d bytes: %7.0f ms in the classifier, %7.0f ms round trip (%v with the transfer)",
				in.Name, len(in.Data), got.Worker, got.Round, time.Since(start).Round(time.Millisecond))
		}
	}
}
