package explain

import (
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/retry"
)

// curlExit finds curl's error line ("curl: (28) Operation timed out …").
var curlExit = regexp.MustCompile(`curl: \((\d{1,3})\) ([^\r\n]*)`)

// transport reads a paste that holds no response but curl's report of a
// transport failure, and returns the failure the SDK would have seen, with
// the words for the report's Retryable row. curl's exit codes: 28 is a
// timeout; 6 (host not found), 51, 58, 60 and 77 (certificates) cannot
// succeed on a retry; 7, 18, 52, 55 and 56 are network errors.
func transport(e *apierror.Error) (retry.Failure, string, bool) {
	if e.Status != 0 || !e.NonJSON {
		return retry.Failure{}, "", false
	}
	text := e.Message
	if m := curlExit.FindStringSubmatch(text); m == nil {
		text = string(e.Body[:min(len(e.Body), 4096)])
	}
	m := curlExit.FindStringSubmatch(text)
	if m == nil {
		return retry.Failure{}, "", false
	}
	code, _ := strconv.Atoi(m[1])
	what := "curl exit " + m[1] + " (" + strings.TrimSpace(m[2]) + ")"
	err := errors.New(what)
	switch code {
	case 28:
		return retry.Failure{Timeout: true, Network: err}, what + ": the request timed out before a response came", true
	case 6, 51, 58, 60, 77:
		return retry.Failure{Network: retry.Permanent(err)}, what + ": a transport failure that a retry cannot fix", true
	case 7, 18, 52, 55, 56:
		return retry.Failure{Network: err}, what + ": the connection failed before a whole response came", true
	}
	return retry.Failure{}, "", false
}

// field finds the request field a validation error names, and the JSON
// path it was read from: "detail.field" (Aionvision's FastAPI detail),
// "error.details.field", or a FastAPI loc ("detail[0].loc").
func field(e *apierror.Error) (name, path string) {
	var root map[string]any
	if json.Unmarshal(e.Body, &root) != nil {
		if f, ok := e.Details["field"].(string); ok {
			return f, "details.field"
		}
		return "", ""
	}
	str := func(m any, k string) string {
		if mm, ok := m.(map[string]any); ok {
			if s, ok := mm[k].(string); ok {
				return s
			}
		}
		return ""
	}
	switch d := root["detail"].(type) {
	case map[string]any:
		if f := str(d, "field"); f != "" {
			return f, "detail.field"
		}
	case []any:
		if len(d) > 0 {
			if m, ok := d[0].(map[string]any); ok {
				if loc, ok := m["loc"].([]any); ok && len(loc) > 0 {
					parts := make([]string, 0, len(loc))
					for _, p := range loc {
						switch v := p.(type) {
						case string:
							parts = append(parts, v)
						case float64:
							parts = append(parts, strconv.Itoa(int(v)))
						}
					}
					return strings.Join(parts, "."), "detail[0].loc"
				}
			}
		}
	}
	if eo, ok := root["error"].(map[string]any); ok {
		if f := str(eo["details"], "field"); f != "" {
			return f, "error.details.field"
		}
	}
	return "", ""
}

// pointAt rewrites a catalog solution's field paths to where this paste
// has them: "error.details.field" becomes "detail.field" for a FastAPI
// detail body.
func pointAt(sol, path string) string {
	if path != "detail.field" {
		return sol
	}
	sol = strings.ReplaceAll(sol, "error.details.field", "detail.field")
	return strings.ReplaceAll(sol, "error.details.issue", "detail.message")
}
