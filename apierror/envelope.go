package apierror

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
)

// decodeObject reads a top-level JSON object: one of the four APIs'
// envelopes, RFC 9457 problem details, FastAPI's detail, or anything with
// recognisable error fields.
func (d *decoder) decodeObject(root map[string]any) {
	e := d.e
	d.root = root
	errV, hasErr := root["error"]
	d.errObj, _ = errV.(map[string]any)
	_, errIsStr := errV.(string)
	if s, ok := root["status"].(string); ok && strings.EqualFold(s, "error") {
		d.statusError = true
	}
	d.detectShape()
	d.bodyRID = d.str(root, "request_id", "request_id")
	switch {
	case d.contentType == "application/problem+json" || !hasErr && isProblem(root):
		d.problemDetails(root)
	case !hasErr && root["detail"] != nil:
		d.fastAPI(root)
	case d.errObj != nil:
		d.errorObject(root, d.errObj)
	case errIsStr:
		d.flat(root)
	default:
		if !d.generic(root) {
			e.NonJSON = true
			d.problemf("JSON body is not a known error envelope (keys: %s)", keyList(root))
			return
		}
	}
	d.envelope = true
}

// isProblem reports whether root looks like RFC 9457 problem details.
func isProblem(root map[string]any) bool {
	if _, ok := root["title"].(string); !ok {
		return false
	}
	for _, k := range []string{"type", "status", "detail", "instance"} {
		if _, ok := root[k]; ok {
			return true
		}
	}
	return false
}

// detectShape decides which API the body's shape points to.
func (d *decoder) detectShape() {
	root, errObj := d.root, d.errObj
	code := ""
	if errObj != nil {
		code, _ = errObj["code"].(string)
	} else {
		code, _ = root["code"].(string)
	}
	_, errIsStr := root["error"].(string)
	_, hasCode := root["code"]
	_, hasRID := root["request_id"]
	strong := func(a catalog.API) { d.shapeAPI, d.shapeStrong = a, true }
	weak := func(a catalog.API) { d.shapeAPI = a }
	switch {
	case errObj != nil && isBSE(code):
		strong(catalog.BabySea)
	case errObj != nil && d.statusError && errObj["retryable"] != nil:
		strong(catalog.BabySea)
	case errIsStr && hasCode:
		strong(catalog.Babou)
	case errObj != nil && errObj["retry_after"] != nil:
		strong(catalog.Claro)
	case root["error"] == nil && root["detail"] != nil && !isProblem(root):
		strong(catalog.Aionvision)
	case errObj != nil && d.statusError:
		weak(catalog.BabySea)
	case errObj != nil && isLowerSnake(code):
		weak(catalog.Claro)
	case errObj != nil && hasRID:
		strong(catalog.Aionvision)
	case errObj != nil && isUpperSnake(code):
		weak(catalog.Aionvision)
	case errIsStr:
		weak(catalog.Babou)
	}
}

// isBSE reports whether code is a BabySea code: BSE and four digits.
func isBSE(code string) bool {
	if len(code) != 7 || !strings.EqualFold(code[:3], "BSE") {
		return false
	}
	for _, c := range code[3:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isUpperSnake(s string) bool { return snake(s, 'A', 'Z') }
func isLowerSnake(s string) bool { return snake(s, 'a', 'z') }

func snake(s string, lo, hi byte) bool {
	if s == "" || s[0] < lo || s[0] > hi {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= lo && c <= hi || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// errorObject reads {"error":{code,type,message,retryable,details,
// provider_errors,retry_after}, "request_id", "status"} (BabySea,
// Aionvision, Claro, and google.rpc.Status-like bodies).
func (d *decoder) errorObject(root, eo map[string]any) {
	e := d.e
	if _, num := eo["code"].(float64); num && isUpperSnake(d.str(eo, "status", "error.status")) {
		// google.rpc.Status: a numeric code beside a symbolic status.
		e.Code = catalog.Code(d.str(eo, "status", "error.status"))
	} else {
		e.Code = catalog.Code(d.str(eo, "code", "error.code"))
	}
	e.Type = catalog.Type(d.str(eo, "type", "error.type"))
	e.Message = d.str(eo, "message", "error.message")
	if e.Message == "" {
		e.Message = d.str(eo, "msg", "error.msg")
	}
	e.Hint = d.str(eo, "hint", "error.hint")
	if e.Hint == "" {
		e.Hint = d.str(root, "hint", "hint")
	}
	e.RetryableFlag = d.boolean(eo, "retryable", "error.retryable")
	if e.RetryableFlag == nil {
		e.RetryableFlag = d.boolean(root, "retryable", "retryable")
	}
	if rid := d.str(eo, "request_id", "error.request_id"); d.bodyRID == "" {
		d.bodyRID = rid
	}
	e.Details = d.details(eo, "details", "error.details")
	if pe, ok := eo["provider_errors"]; ok {
		e.ProviderErrors = d.providers(pe, "error.provider_errors")
	} else if pe, ok := root["provider_errors"]; ok {
		e.ProviderErrors = d.providers(pe, "provider_errors")
	}
	if e.Details != nil {
		d.retryHint(e.Details, "retry_after_seconds", "details.retry_after_seconds")
	}
	d.retryHint(eo, "retry_after", "error.retry_after")
	d.retryHint(root, "retry_after", "retry_after")
}

// flat reads Babou's {"error":"message","code":"…","hint":"…"}.
func (d *decoder) flat(root map[string]any) {
	e := d.e
	e.Message = d.str(root, "error", "error")
	e.Code = catalog.Code(d.str(root, "code", "code"))
	e.Hint = d.str(root, "hint", "hint")
	e.Type = catalog.Type(d.str(root, "type", "type"))
	e.RetryableFlag = d.boolean(root, "retryable", "retryable")
	e.Details = d.details(root, "details", "details")
	if e.Details == nil {
		e.Details = extras(root, "error", "code", "hint", "type", "retryable", "request_id", "status", "details")
	}
	if e.Details != nil {
		d.retryHint(e.Details, "retry_after_seconds", "details.retry_after_seconds")
	}
	d.retryHint(root, "retry_after", "retry_after")
}

// fastAPI reads FastAPI's {"detail": string | {code,message,field} | [{loc,msg,type}]}.
func (d *decoder) fastAPI(root map[string]any) {
	e := d.e
	switch v := root["detail"].(type) {
	case string:
		e.Message = v
	case map[string]any:
		e.Code = catalog.Code(d.str(v, "code", "detail.code"))
		e.Message = d.str(v, "message", "detail.message")
		if e.Message == "" {
			e.Message = d.str(v, "msg", "detail.msg")
		}
		e.Details = extras(v, "code", "message", "msg")
	case []any:
		var parts []string
		for i, it := range v {
			m, ok := it.(map[string]any)
			if !ok {
				d.problemf("item %d of field detail is %s, not an object; ignored", i, kind(it))
				continue
			}
			msg := d.str(m, "msg", "detail[].msg")
			if loc := locString(m["loc"]); loc != "" {
				msg = loc + ": " + msg
			}
			if len(parts) < 3 {
				parts = append(parts, msg)
			}
		}
		if len(v) > 3 {
			parts = append(parts, "(+"+itoa(len(v)-3)+" more)")
		}
		e.Message = strings.Join(parts, "; ")
		e.Details = map[string]any{"detail": v}
	default:
		d.problemf("field detail is %s, ignored", kind(v))
	}
	d.retryHint(root, "retry_after", "retry_after")
}

// locString joins a FastAPI loc list: ["body","limit"] → "body.limit".
func locString(v any) string {
	l, ok := v.([]any)
	if !ok {
		if s, ok := v.(string); ok {
			return s
		}
		return ""
	}
	var parts []string
	for _, x := range l {
		switch x := x.(type) {
		case string:
			parts = append(parts, x)
		case float64:
			parts = append(parts, strconv.FormatFloat(x, 'f', -1, 64))
		}
	}
	return strings.Join(parts, ".")
}

// problemDetails reads RFC 9457 problem details. The status member is
// advisory and never replaces the HTTP status; members of the wrong type
// are ignored; extensions go to Details.
func (d *decoder) problemDetails(root map[string]any) {
	e := d.e
	typ := d.str(root, "type", "problem type")
	title := d.str(root, "title", "problem title")
	detail := d.str(root, "detail", "problem detail")
	switch {
	case title != "" && detail != "" && title != detail:
		e.Message = title + ": " + detail
	case title != "":
		e.Message = title
	default:
		e.Message = detail
	}
	if typ != "" && typ != "about:blank" {
		e.Type = catalog.Type(typ)
	}
	switch st := root["status"].(type) {
	case nil:
	case float64:
		switch {
		case e.Status == 0:
			d.problemf("the problem+json status member says %s; it is advisory, so the HTTP status stays unknown", numString(st))
		case int(st) != e.Status:
			d.problemf("the problem+json status member %s differs from the HTTP status %d; the HTTP status is used", numString(st), e.Status)
		}
	default:
		d.problemf("the problem+json status member is %s, ignored", kind(st))
	}
	e.Details = extras(root, "type", "title", "detail", "status")
	if code, ok := root["code"].(string); ok {
		e.Code = catalog.Code(code)
	}
	d.retryHint(root, "retry_after", "retry_after")
}

// generic reads bodies of no known shape that still carry error fields.
// It reports whether it found any.
func (d *decoder) generic(root map[string]any) bool {
	e := d.e
	for _, k := range []string{"message", "msg", "error_description", "errorMessage", "error_message"} {
		if e.Message = d.str(root, k, k); e.Message != "" {
			break
		}
	}
	for _, k := range []string{"code", "error_code", "errorCode"} {
		if c := d.str(root, k, k); c != "" {
			e.Code = catalog.Code(c)
			break
		}
	}
	e.Type = catalog.Type(d.str(root, "type", "type"))
	e.RetryableFlag = d.boolean(root, "retryable", "retryable")
	e.Details = d.details(root, "details", "details")
	d.retryHint(root, "retry_after", "retry_after")
	return e.Message != "" || e.Code != "" || e.Type != "" || e.RetryableFlag != nil || d.statusError
}

// str reads a string field. Numbers are read as their text; other types
// are ignored. Either way the problem is recorded.
func (d *decoder) str(m map[string]any, key, path string) string {
	v, ok := m[key]
	if !ok || v == nil {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case float64, json.Number:
		s := numString(x)
		d.problemf("field %s is a number, read as %q", path, s)
		return s
	}
	d.problemf("field %s is %s, ignored", path, kind(v))
	return ""
}

// boolean reads an explicit boolean; anything else is ignored with a problem.
func (d *decoder) boolean(m map[string]any, key, path string) *bool {
	v, ok := m[key]
	if !ok || v == nil {
		return nil
	}
	if b, ok := v.(bool); ok {
		return &b
	}
	d.problemf("field %s is %s, ignored", path, kind(v))
	return nil
}

// details reads a details object; a non-object is kept under "value".
func (d *decoder) details(m map[string]any, key, path string) map[string]any {
	v, ok := m[key]
	if !ok || v == nil {
		return nil
	}
	if o, ok := v.(map[string]any); ok {
		return o
	}
	d.problemf("field %s is %s, not an object; kept under details.value", path, kind(v))
	return map[string]any{"value": v}
}

// maxProviders is the most provider errors read from one body.
const maxProviders = 100

// providers reads BabySea's provider_errors list.
func (d *decoder) providers(v any, path string) []ProviderError {
	l, ok := v.([]any)
	if !ok {
		if v != nil {
			d.problemf("field %s is %s, not a list; ignored", path, kind(v))
		}
		return nil
	}
	var out []ProviderError
	if len(l) > maxProviders {
		d.problemf("%s has %d items; only the first %d were read", path, len(l), maxProviders)
		l = l[:maxProviders]
	}
	for i, it := range l {
		m, ok := it.(map[string]any)
		if !ok {
			d.problemf("item %d of %s is %s, not an object; ignored", i, path, kind(it))
			continue
		}
		p := path + "[" + itoa(i) + "]"
		out = append(out, ProviderError{
			Provider:  d.str(m, "provider", p+".provider"),
			Code:      d.str(m, "code", p+".code"),
			Type:      d.str(m, "type", p+".type"),
			Message:   d.str(m, "message", p+".message"),
			Retryable: d.boolean(m, "retryable", p+".retryable"),
		})
	}
	return out
}

// retryHint records a body field holding a wait in seconds.
func (d *decoder) retryHint(m map[string]any, key, path string) {
	v, ok := m[key]
	if !ok || v == nil {
		return
	}
	var secs float64
	switch x := v.(type) {
	case float64:
		secs = x
	case json.Number:
		secs = math.Inf(1)
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			d.problemf("field %s is %s that is not a number, ignored", path, kind(v))
			return
		}
		d.problemf("field %s is a string, read as %s seconds", path, numString(f))
		secs = f
	default:
		d.problemf("field %s is %s, ignored", path, kind(v))
		return
	}
	switch {
	case math.IsNaN(secs) || secs < 0:
		d.problemf("field %s is negative, ignored", path)
		return
	case secs > maxRetryAfter.Seconds():
		d.problemf("field %s is more than 100 years; treated as 100 years", path)
		d.bodyRetry = append(d.bodyRetry, bodyRetry{path, maxRetryAfter})
		return
	}
	d.bodyRetry = append(d.bodyRetry, bodyRetry{path, time.Duration(secs * float64(time.Second))})
}

// extras returns the members of m other than skip, or nil if none.
func extras(m map[string]any, skip ...string) map[string]any {
	var out map[string]any
outer:
	for k, v := range m {
		for _, s := range skip {
			if k == s {
				continue outer
			}
		}
		if out == nil {
			out = map[string]any{}
		}
		out[k] = v
	}
	return out
}

// kind names a JSON value's type with an article, for problem sentences.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "a value"
}

func numString(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return string(x)
	}
	return ""
}

// keyList lists up to 8 keys of m, sorted.
func keyList(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 8 {
		keys = append(keys[:8], "…")
	}
	if len(keys) == 0 {
		return "none"
	}
	for i, k := range keys {
		keys[i] = clip(k, 40)
	}
	return strings.Join(keys, ", ")
}

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa1(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
