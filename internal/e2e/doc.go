// Package e2e holds errscope's end-to-end tests: the built static site
// (./build.sh writes it to public/) served in-process by the project's own
// Netlify-like server ([site.Server]) and driven in headless Chromium through
// the DevTools protocol (chromedp).
//
// The tests need two things from the environment:
//
//   - ERRSCOPE_SITE, the built site directory. `./build.sh test` builds
//     public/ and sets it; without it every test is skipped.
//   - Chromium: ERRSCOPE_CHROMIUM, else /usr/bin/chromium, else `chromium`
//     on PATH. With ERRSCOPE_SITE set and no Chromium the tests fail.
//
// Run them by hand with
//
//	./build.sh && ERRSCOPE_SITE=$PWD/public go test ./internal/e2e/ -count=1 -v
//
// TestScreenshots writes full-page PNGs of every page, at desktop and phone
// widths, to internal/e2e/screenshots/ (ignored by git).
//
// The package has no non-test code besides this comment.
package e2e
