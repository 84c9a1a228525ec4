// Package site turns the playground into the static site that Netlify
// publishes, and serves that output locally the way Netlify will.
//
// It holds one source of truth for the response headers ([Rules], also
// declared in netlify.toml and checked by a test), the build steps that
// surround go-app's pre-rendering ([Build]: icons, catalog.json, llms.txt,
// sitemap.xml, robots.txt, _redirects, 404.html and the output checks) and a
// Netlify-like file server ([Server]: pretty URLs, _redirects, 404.html,
// gzip, validators).
//
// Everything except this file is native only (//go:build !wasm): none of it
// may reach the WebAssembly binary.
package site
