# The one place where build steps live. `make serve` builds the site and
# serves it on http://localhost:8080; `make test` runs every test.

GO      ?= go
SHARED  ?= ../shared
DIST    ?= dist
ADDR    ?= localhost:8080
GOROOT  := $(shell $(GO) env GOROOT)

.PHONY: all kb dist wasm wasmtest site singlefile serve test fresh vet bench fuzz score clean

all: dist

# Compile the knowledge base's front matter into the classifier's tables,
# train the fallback model on the KB's examples, and copy the language data
# files into Go source (no go:embed in the WASM).
kb:
	$(GO) run ./tools/kbgen -o classify/rules/table.go -model classify/likely/model.go \
	  -langdata classify/lang/data -langout classify/lang/data_gen.go

# The WebAssembly classifier and its JavaScript loader, with precompressed
# copies for static hosts that serve .gz/.br (gzip -9, brotli -q 11).
wasm:
	mkdir -p $(DIST)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(DIST)/bounce.wasm ./wasm
	cp "$(GOROOT)/lib/wasm/wasm_exec.js" $(DIST)/wasm_exec.js
	gzip -9 -n -c $(DIST)/bounce.wasm > $(DIST)/bounce.wasm.gz
	brotli -q 11 -f -o $(DIST)/bounce.wasm.br $(DIST)/bounce.wasm
	@printf 'bounce.wasm: %s bytes raw, %s gzip, %s brotli\n' \
	  $$(wc -c < $(DIST)/bounce.wasm) $$(wc -c < $(DIST)/bounce.wasm.gz) $$(wc -c < $(DIST)/bounce.wasm.br)

# The wasm/ glue's own tests run under Node.js when it is installed.
wasmtest:
	@if command -v node >/dev/null 2>&1; then \
	  PATH="$$PATH:$(GOROOT)/lib/wasm" GOOS=js GOARCH=wasm $(GO) test -count=1 ./wasm; \
	else echo 'node not found: skipping the wasm/ tests'; fi

# The static help site and the paste page, with precompressed copies of the
# paste page, the scripts and styles at the root, the search index and the
# asset manifest (what a visit waits for or fetches next; hosts that serve
# .gz/.br siblings, as tools/serve does, send them).
site:
	$(GO) run ./tools/site -o $(DIST)
	for f in $(DIST)/index.html $(DIST)/*.js $(DIST)/*.css $(DIST)/kb/search.json $(DIST)/asset-manifest.json; do \
	  gzip -9 -n -c "$$f" > "$$f.gz" && brotli -q 11 -f -o "$$f.br" "$$f" || exit 1; \
	done

# The paste page as one self-contained file that works opened from disk
# (file://), the WASM inlined; its KB links point at SITE_URL.
SITE_URL ?= https://bounce-explainer.example/
singlefile:
	$(GO) run ./tools/singlefile -dist $(DIST) -o $(DIST)/bounce-explainer.html -site $(SITE_URL)

dist: kb wasm site singlefile

serve: dist
	$(GO) run ./tools/serve -dir $(DIST) -addr $(ADDR)

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null)" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt needed'; exit 1; }
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm ./classify/...

# The generated table must match kb/*.md as committed: checked before
# `make dist` regenerates it, so that a stale table fails here.
fresh:
	$(GO) test -count=1 -run '^Test(TableIsFresh|ModelIsFresh|LangDataIsFresh)$$' ./tools/kbgen

# Every test: unit, KB, corpus (when ../shared is present; required when
# BOUNCE_REQUIRE_CORPUS is set) and browser tests against the built site.
test: vet fresh
	$(MAKE) dist wasmtest
	BOUNCE_DIST=$(abspath $(DIST)) BOUNCE_SHARED=$(abspath $(SHARED)) $(GO) test -count=1 -timeout 30m ./...

# Throughput over the corpus (messages per second, MB/s), and each
# adversarial input's time and bytes allocated per input byte
# (classify/adversarial; targets: 1 MB in ≤ 0.5 s, < 20× its size).
bench:
	BOUNCE_SHARED=$(abspath $(SHARED)) $(GO) test -run '^$$' -bench . -benchmem ./classify

FUZZTIME ?= 10m
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzClassify -fuzztime $(FUZZTIME) ./classify

# Agreement with the corpus labels and the seed messages.
score:
	$(GO) build -o $(DIST)/bounce ./tools/bounce
	$(DIST)/bounce -json $(SHARED)/corpus/eml > $(DIST)/corpus.jsonl || true
	python3 $(SHARED)/tools/score.py $(SHARED)/corpus/labels.jsonl $(DIST)/corpus.jsonl
	grep -v '^#' $(SHARED)/seed-cases.tsv | cut -f3 | while IFS= read -r line; do \
	  printf '%s' "$$line" | $(DIST)/bounce -json - | head -n 1 || echo '{}'; \
	done > $(DIST)/seeds.jsonl
	python3 $(SHARED)/tools/score.py --snippets $(SHARED)/seed-cases.tsv $(DIST)/seeds.jsonl

clean:
	rm -rf $(DIST)
