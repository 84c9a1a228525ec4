#!/bin/sh
# build.sh — build, serve and test errscope.
#
#   ./build.sh                 build the static site into public/ (what Netlify runs)
#   ./build.sh serve [flags]   build, then serve public/ like Netlify (flags of `serve`, e.g. -addr 127.0.0.1:8080)
#   ./build.sh test            every test: gofmt, vet, unit/example/fuzz-seed tests, wasm tests of the
#                              pure packages under Node, a site build, then the browser tests in Chromium
#   ./build.sh bench           benchmarks and the size/load/in-browser table (never fails on a slow machine)
set -eu
cd "$(dirname "$0")"

out=public

build() {
	rm -rf "$out"
	mkdir -p "$out/web"
	# The binaries first: the pre-rendering needs their size and hash.
	# app.wasm is go-app with the tools; finder.wasm the reference's search.
	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/web/app.wasm" ./app
	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/web/finder.wasm" ./app/finder
	go run ./app build -out "$out"
}

wasm_tests() {
	pkgs=""
	for p in catalog apierror retry redact triage explain docs internal/highlight internal/lazyre; do
		if [ -d "$p" ] && ls "$p"/*.go >/dev/null 2>&1; then
			pkgs="$pkgs ./$p/..."
		fi
	done
	if [ -n "$pkgs" ]; then
		# shellcheck disable=SC2086
		PATH="$(go env GOROOT)/lib/wasm:$PATH" GOOS=js GOARCH=wasm go test $pkgs
	fi
}

# browser_tests runs the end-to-end suite in headless Chromium against the
# site just built into $out, served by the project's own Netlify-like server.
browser_tests() {
	if ! command -v chromium >/dev/null 2>&1 && [ -z "${ERRSCOPE_CHROMIUM:-}" ]; then
		echo "browser tests need Debian's chromium: apt-get install chromium" >&2
		exit 1
	fi
	if [ -f internal/e2e/package.json ]; then
		npm ci --prefix internal/e2e --no-audit --no-fund >/dev/null
	fi
	# -v streams each test's result as it ends, so a long run shows
	# progress; only the result lines are printed, the whole log on failure.
	log="${TMPDIR:-/tmp}/errscope-e2e.$$.log"
	ERRSCOPE_SITE="$(pwd)/$out" go test -v -count=1 -timeout 20m ./internal/e2e/ >"$log" 2>&1 &
	pid=$!
	tail -n +1 -f "$log" --pid="$pid" | grep --line-buffered -E '^(--- (PASS|FAIL|SKIP)|ok |FAIL|PASS$)' || true
	status=0
	wait "$pid" || status=$?
	if [ "$status" -ne 0 ]; then
		echo "browser tests failed; their log:" >&2
		grep -v -E '^=== (RUN|PAUSE|CONT|NAME)' "$log" >&2
	fi
	rm -f "$log"
	return "$status"
}

cmd="${1:-build}"
[ $# -gt 0 ] && shift
case "$cmd" in
build)
	build
	;;
serve)
	build
	exec go run ./app serve -dir "$out" "$@"
	;;
test)
	unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './public/*'))
	if [ -n "$unformatted" ]; then
		echo "gofmt: these files need formatting:" >&2
		echo "$unformatted" >&2
		exit 1
	fi
	go vet ./...
	GOOS=js GOARCH=wasm go vet ./app
	GOOS=js GOARCH=wasm go vet -tags errscope_bench ./app # the bench hook (app/bench_wasm.go)
	go test ./...
	wasm_tests
	build
	browser_tests
	;;
bench)
	build
	go test -run "^$" -bench . -benchmem ./catalog/... ./apierror/... ./retry/... ./triage/... ./internal/highlight/... ./redact/... ./client/...
	if [ -f internal/bench/lighthouse/package.json ]; then
		npm ci --prefix internal/bench/lighthouse --no-audit --no-fund >/dev/null 2>&1 || echo "bench: lighthouse not installed; skipping its scores" >&2
	fi
	go run ./internal/bench -site "$out"
	;;
*)
	echo "usage: ./build.sh [build|serve [-addr ADDR]|test|bench]" >&2
	exit 2
	;;
esac
