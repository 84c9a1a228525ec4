package apierror_test

import (
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
)

// TestPick: a response without a code stands for a catalog entry of the
// API with that status, when one exists; with a code, for that entry.
func TestPick(t *testing.T) {
	for _, e := range catalog.All() {
		got, ok := apierror.Pick(e.API, e.Status, "", &e.Retryable)
		if !ok || got.Status != e.Status || got.Retryable != e.Retryable || got.API != e.API {
			t.Errorf("Pick(%s, %d, retryable %v) = %v, %v", e.API, e.Status, e.Retryable, got.Key(), ok)
		}
		if got, ok := apierror.Pick(e.API, 0, e.Code, nil); !ok || got.Code != e.Code {
			t.Errorf("Pick(%s, code %s) = %v, %v", e.API, e.Code, got.Key(), ok)
		}
	}
	if _, ok := apierror.Pick(catalog.BabySea, 418, "", nil); ok {
		t.Error("Pick(418) found an entry")
	}
}

// TestRespond: every entry's response, under each variant, decodes back to
// the entry's API and code with the variant's status, flag and delays, and
// names no delay the variant does not.
func TestRespond(t *testing.T) {
	wait := 7 * time.Second
	reset := 9 * time.Second
	yes, no := true, false
	date := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	for _, e := range catalog.All() {
		for _, v := range []apierror.Variant{
			{},
			{RetryAfter: &wait},
			{Reset: &reset, Date: date},
			{Status: 503, Retryable: &no},
			{Retryable: &yes},
		} {
			st, h, body := apierror.Respond(e.API, e.Code, v)
			wantSt := e.Status
			if v.Status != 0 {
				wantSt = v.Status
			}
			if st != wantSt {
				t.Errorf("%s %+v: status %d, want %d", e.Key(), v, st, wantSt)
			}
			got := apierror.Parse(st, h, body, apierror.Options{API: e.API, Now: date})
			if got.API != e.API || got.Code != e.Code {
				t.Errorf("%s %+v: decoded as %s %s from %s", e.Key(), v, got.API, got.Code, body)
			}
			if v.Retryable != nil && (got.RetryableFlag == nil || *got.RetryableFlag != *v.Retryable) {
				t.Errorf("%s %+v: body flag %v, want %v in %s", e.Key(), v, got.RetryableFlag, *v.Retryable, body)
			}
			hasRA := h["Retry-After"] != nil || strings.Contains(string(body), "retry_after")
			if hasRA != (v.RetryAfter != nil) {
				t.Errorf("%s %+v: Retry-After %q, body %s: names a delay %v, want %v", e.Key(), v, h["Retry-After"], body, hasRA, v.RetryAfter != nil)
			}
			if v.RetryAfter != nil && got.RateLimit.RetryAfter != wait {
				t.Errorf("%s %+v: Retry-After decoded as %v, want %v", e.Key(), v, got.RateLimit.RetryAfter, wait)
			}
			if (h["X-RateLimit-Reset"] != nil) != (v.Reset != nil) {
				t.Errorf("%s %+v: X-RateLimit-Reset %q", e.Key(), v, h["X-RateLimit-Reset"])
			}
			if v.Reset != nil && h.Get("X-RateLimit-Remaining") != "0" {
				t.Errorf("%s %+v: X-RateLimit-Remaining %q, want 0", e.Key(), v, h.Get("X-RateLimit-Remaining"))
			}
			if want := date.Format(time.RFC1123); !v.Date.IsZero() && strings.Replace(h.Get("Date"), "GMT", "UTC", 1) != want {
				t.Errorf("%s %+v: Date %q, want %q", e.Key(), v, h.Get("Date"), want)
			}
		}
	}
}

// TestRespondWithoutEntry: a status no entry has still gets the API's
// envelope, with the reason phrase.
func TestRespondWithoutEntry(t *testing.T) {
	for _, info := range catalog.APIs() {
		api := info.ID
		st, h, body := apierror.Respond(api, "", apierror.Variant{Status: 418})
		got := apierror.Parse(st, h, body, apierror.Options{API: api})
		if st != 418 || got.API != api || !strings.Contains(string(body), "I'm a teapot") {
			t.Errorf("%s 418: status %d, decoded API %s, body %s", api, st, got.API, body)
		}
	}
}
