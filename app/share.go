package main

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"io"
	"net/url"
	"strings"

	"github.com/errscope/errscope/catalog"
)

// Share links keep their state in the URL fragment, which browsers never
// send to a server: "#z=" + base64url(raw DEFLATE(text)). The decoder puts
// the (redacted) pasted text there, the simulator its form as a query
// string.

// maxShared bounds what a share link may decode to, so a crafted link
// cannot make the page inflate gigabytes.
const maxShared = 256 << 10

// encodeShare compresses s into a fragment value (without "z=").
func encodeShare(s string) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	io.WriteString(w, s)
	w.Close()
	return base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// errShare is returned for a fragment that is not a share payload.
var errShare = errors.New("share link: not a valid payload")

// decodeShare reverses encodeShare. It accepts padded and unpadded
// base64url and reads at most maxShared bytes of text.
func decodeShare(v string) (string, error) {
	v = strings.TrimRight(strings.TrimSpace(v), "=")
	raw, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return "", errShare
	}
	r := flate.NewReader(bytes.NewReader(raw))
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, maxShared+1))
	if err != nil {
		return "", errShare
	}
	if len(b) > maxShared {
		return "", errors.New("share link: payload too large")
	}
	return string(b), nil
}

// shareFragment returns the fragment for a payload: "z=<encoded>".
func shareFragment(s string) string { return "z=" + encodeShare(s) }

// exampleFragment returns the decoder fragment that opens the catalog's
// example response of an entry: "example=babysea/BSE1005". The decoder
// rebuilds the example itself (apierror.Example), so the code pages link to
// it without compressing anything.
func exampleFragment(e catalog.Entry) string { return "example=" + e.Key() }

// fragmentExample returns the entry named by an "example=<api>/<code>"
// fragment. found reports whether the fragment has an example at all; ok
// whether it names an entry of the catalog.
func fragmentExample(fragment string) (e catalog.Entry, found, ok bool) {
	vals, err := url.ParseQuery(fragment)
	if err != nil || !vals.Has("example") {
		return catalog.Entry{}, false, false
	}
	api, code, _ := strings.Cut(vals.Get("example"), "/")
	e, ok = catalog.Lookup(catalog.API(api), catalog.Code(code))
	return e, true, ok
}

// fragmentPayload returns the encoded value of "z=" in a fragment such as
// "z=abc" or "z=abc&v=1", and whether there was one.
func fragmentPayload(fragment string) (string, bool) {
	vals, err := url.ParseQuery(fragment)
	if err != nil || !vals.Has("z") {
		return "", false
	}
	return vals.Get("z"), true
}
