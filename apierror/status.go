package apierror

import "github.com/errscope/errscope/internal/httpstatus"

// StatusText returns the reason phrase of an HTTP status code ("Too Many
// Requests"), or "" for an unknown code. It is net/http's table, kept in
// internal/httpstatus so that the wasm binaries need not link net/http.
func StatusText(code int) string { return httpstatus.Text(code) }
