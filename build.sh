#!/bin/sh
# build.sh — build, serve and test errscope.
#
#   ./build.sh                 build the static site into public/ (what Netlify runs)
#   ./build.sh serve [flags]   build, then serve public/ like Netlify (flags of `serve`, e.g. -addr 127.0.0.1:8080)
#   ./build.sh test            vet, unit tests, wasm tests of the pure packages under Node, then a site build
#   ./build.sh bench           benchmarks
set -eu
cd "$(dirname "$0")"

out=public

build() {
	rm -rf "$out"
	mkdir -p "$out/web"
	# The wasm first: the pre-rendering needs its size and hash.
	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/web/app.wasm" ./app
	go run ./app build -out "$out"
}

wasm_tests() {
	pkgs=""
	for p in catalog apierror retry redact highlight docs explain; do
		if [ -d "$p" ] && ls "$p"/*.go >/dev/null 2>&1; then
			pkgs="$pkgs ./$p/..."
		fi
	done
	if [ -n "$pkgs" ]; then
		# shellcheck disable=SC2086
		PATH="$(go env GOROOT)/lib/wasm:$PATH" GOOS=js GOARCH=wasm go test $pkgs
	fi
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
	go vet ./...
	go test ./...
	wasm_tests
	build
	;;
bench)
	go test -run '^$' -bench . ./...
	;;
*)
	echo "usage: ./build.sh [build|serve [-addr ADDR]|test|bench]" >&2
	exit 2
	;;
esac
