//go:build !wasm

package site

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// Serve serves the site in dir on addr (":8080", "127.0.0.1:0") with a
// [Server] until ctx is done, then shuts down gracefully. It prints the URL
// to out once the listener is up, and logs requests to log (nil: none).
// The gzip form of web/app.wasm is prepared in the background from the
// start, so that the first visitor does not wait for it.
func Serve(ctx context.Context, addr, dir string, out, log io.Writer) error {
	srv, err := NewServer(dir, nil, log)
	if err != nil {
		return err
	}
	go srv.Warm(warmFiles...)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("site: %w", err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(out, "serving %s on %s (Ctrl-C to stop)\n", dir, URL(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("site: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("site: %w", err)
	}
	return nil
}

// warmFiles are the big files [Serve] compresses ahead of the first
// request: the compiled app.
var warmFiles = []string{"web/app.wasm"}

// URL returns the http URL a browser should open for a listener address:
// an unspecified host (":8080", "[::]:8080") becomes localhost.
func URL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
