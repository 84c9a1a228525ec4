//go:build !wasm

package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// A Server serves a built site directory the way Netlify serves the publish
// directory:
//
//   - pretty URLs: /decode is decode.html, /errors/babysea/BSE1005 is
//     errors/babysea/BSE1005.html, / is index.html, a directory with an
//     index.html redirects to its slash form;
//   - the _redirects file of the directory (forced rules first, the others
//     only where no file matched);
//   - 404.html with status 404 for everything else;
//   - the headers of [Rules] (or Server.Rules), matched against the request
//     path;
//   - gzip for text and wasm when the client accepts it, with ETag and
//     Last-Modified validators, so that Cache-Control: no-cache costs a 304.
//
// Files are read into memory once and re-read when their size or
// modification time changes. A Server is safe for concurrent use.
type Server struct {
	dir       string
	rules     []Rule
	redirects []Redirect
	log       io.Writer

	mu    sync.Mutex
	files map[string]*file

	// beforeGzip, when set (by tests), is called with the file name just
	// before a file is compressed, outside every lock.
	beforeGzip func(rel string)
}

// file is one cached file with its compressed form.
type file struct {
	rel   string
	mod   time.Time
	size  int64
	body  []byte
	etag  string
	ctype string

	gzOnce sync.Once // compresses body into gz on first use
	gz     []byte
}

// bigFile is the size from which a file is compressed at
// gzip.DefaultCompression rather than gzip.BestCompression: for the 11 MB
// app.wasm, BestCompression takes 5–15 s and saves under 1%.
const bigFile = 1 << 20

// NewServer returns a server for the site in dir, reading dir/_redirects
// if it exists. rules nil means [Rules]. Requests are logged to log, one
// line each, unless log is nil.
func NewServer(dir string, rules []Rule, log io.Writer) (*Server, error) {
	if rules == nil {
		rules = Rules
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("site: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("site: %s is not a directory", dir)
	}
	s := &Server{dir: dir, rules: rules, log: log, files: map[string]*file{}}
	f, err := os.Open(filepath.Join(dir, "_redirects"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("site: %w", err)
	default:
		defer f.Close()
		if s.redirects, err = ParseRedirects(f); err != nil {
			return nil, fmt.Errorf("site: %w", err)
		}
	}
	return s, nil
}

// statusWriter remembers the status code for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// ServeHTTP implements [http.Handler].
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	s.serve(sw, r)
	if s.log != nil {
		fmt.Fprintf(s.log, "%s %s %d\n", r.Method, r.URL.RequestURI(), sw.status)
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	for k, v := range HeadersFor(s.rules, p) {
		w.Header()[k] = v
	}
	for _, rd := range s.redirects {
		if rd.Force {
			if to, ok := rd.match(p); ok {
				s.apply(w, r, rd, to)
				return
			}
		}
	}
	name, redirect := s.resolve(p)
	if redirect != "" {
		u := *r.URL
		u.Path = redirect
		http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
		return
	}
	if name != "" {
		s.serveFile(w, r, name, http.StatusOK)
		return
	}
	for _, rd := range s.redirects {
		if !rd.Force {
			if to, ok := rd.match(p); ok {
				s.apply(w, r, rd, to)
				return
			}
		}
	}
	s.notFound(w, r)
}

// apply carries out a matched redirect rule.
func (s *Server) apply(w http.ResponseWriter, r *http.Request, rd Redirect, to string) {
	switch rd.Status {
	case http.StatusOK, http.StatusNotFound:
		name, _ := s.resolve(to)
		if name == "" {
			s.notFound(w, r)
			return
		}
		s.serveFile(w, r, name, rd.Status)
	default:
		u, q := to, r.URL.RawQuery
		if q != "" && !strings.Contains(u, "?") {
			u += "?" + q
		}
		http.Redirect(w, r, u, rd.Status)
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if name, _ := s.resolve("/404.html"); name != "" {
		s.serveFile(w, r, name, http.StatusNotFound)
		return
	}
	http.Error(w, "Not Found", http.StatusNotFound)
}

// resolve maps a request path to a file name relative to the site directory
// (slash-separated), or to a redirect target, or to neither.
func (s *Server) resolve(p string) (name, redirect string) {
	clean := path.Clean(p)
	if clean == "/" {
		if s.isFile("index.html") {
			return "index.html", ""
		}
		return "", ""
	}
	rel := strings.TrimPrefix(clean, "/")
	if rel == "_redirects" || rel == "_headers" {
		return "", ""
	}
	if strings.HasSuffix(p, "/") {
		if s.isFile(rel + "/index.html") {
			return rel + "/index.html", ""
		}
		if s.isFile(rel + ".html") {
			return rel + ".html", ""
		}
		return "", ""
	}
	if s.isFile(rel) {
		return rel, ""
	}
	if s.isFile(rel + ".html") {
		return rel + ".html", ""
	}
	if s.isFile(rel + "/index.html") {
		return "", clean + "/"
	}
	return "", ""
}

func (s *Server) isFile(rel string) bool {
	st, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(rel)))
	return err == nil && st.Mode().IsRegular()
}

// load returns the cached file, reading it again when it changed on disk.
func (s *Server) load(rel string) (*file, error) {
	full := filepath.Join(s.dir, filepath.FromSlash(rel))
	st, err := os.Stat(full)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	f, ok := s.files[rel]
	s.mu.Unlock()
	if ok && f.mod.Equal(st.ModTime()) && f.size == st.Size() {
		return f, nil
	}
	// Read and hash outside the lock: other requests need not wait for a
	// big file. Two concurrent first requests may both read it; the last
	// one stored wins, and both copies are equal.
	body, err := os.ReadFile(full)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	f = &file{
		rel:   rel,
		mod:   st.ModTime(),
		size:  st.Size(),
		body:  body,
		etag:  `"` + hex.EncodeToString(sum[:12]) + `"`,
		ctype: ContentType(rel),
	}
	s.mu.Lock()
	if old, ok := s.files[rel]; ok && old.mod.Equal(f.mod) && old.size == f.size {
		f = old // keep the one whose gzip may already be under way
	} else {
		s.files[rel] = f
	}
	s.mu.Unlock()
	return f, nil
}

// gzipped returns the gzip form of f, compressing it once. Only requests
// for the same file wait for the compression; the server's lock is not
// held.
func (s *Server) gzipped(f *file) []byte {
	f.gzOnce.Do(func() {
		if s.beforeGzip != nil {
			s.beforeGzip(f.rel)
		}
		level := gzip.BestCompression
		if len(f.body) >= bigFile {
			level = gzip.DefaultCompression
		}
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, level)
		zw.Write(f.body)
		zw.Close()
		f.gz = b.Bytes()
	})
	return f.gz
}

// Warm loads and compresses the named files (slash paths relative to the
// site directory, such as "web/app.wasm") ahead of the first request for
// them, so that the first visitor does not wait for the compression.
// Missing and incompressible files are skipped. Warm is meant to run in
// its own goroutine; requests are served meanwhile.
func (s *Server) Warm(names ...string) {
	for _, rel := range names {
		f, err := s.load(rel)
		if err != nil || !Compressible(f.ctype) {
			continue
		}
		s.gzipped(f)
	}
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rel string, status int) {
	f, err := s.load(rel)
	if err != nil {
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", f.ctype)
	}
	body, etag := f.body, f.etag
	if Compressible(f.ctype) {
		h.Add("Vary", "Accept-Encoding")
		if AcceptsGzip(r.Header.Get("Accept-Encoding")) {
			body = s.gzipped(f)
			etag = strings.TrimSuffix(etag, `"`) + `-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	if status != http.StatusOK {
		h.Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
		return
	}
	http.ServeContent(w, r, "", f.mod, bytes.NewReader(body))
}

// contentTypes are the types the site's files need, beyond what the mime
// package may know on a given machine.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".xml":         "application/xml",
	".md":          "text/markdown; charset=utf-8",
}

// ContentType returns the media type Netlify sends for a file name.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Compressible reports whether responses of a media type are worth gzip.
func Compressible(ctype string) bool {
	t, _, _ := strings.Cut(ctype, ";")
	switch {
	case strings.HasPrefix(t, "text/"):
		return true
	}
	switch t {
	case "application/json", "application/manifest+json", "application/wasm",
		"application/xml", "image/svg+xml", "application/javascript":
		return true
	}
	return false
}

// AcceptsGzip reports whether an Accept-Encoding header value allows gzip
// (explicitly, or through "*"), honouring q=0.
func AcceptsGzip(header string) bool {
	ok := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		if q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
			if name == "gzip" {
				return false
			}
			continue
		}
		ok = true
	}
	return ok
}
