package triage

import (
	"net/url"
	"slices"
	"strings"

	"github.com/errscope/errscope/internal/lazyre"
	"github.com/errscope/errscope/redact"
)

// maxSecrets is the most credentials learned from one input.
const maxSecrets = 1000

// secretHeaders are the request and response headers whose values are
// credentials.
var secretHeaders = map[string]bool{
	"authorization": true, "proxy-authorization": true, "cookie": true, "set-cookie": true,
	"x-api-key": true, "api-key": true, "apikey": true, "x-auth-token": true, "x-access-token": true,
	"x-goog-api-key": true, "x-amz-security-token": true, "x-csrf-token": true,
}

// secretParams are URL query and log key=value names whose values are
// credentials.
var secretParams = map[string]bool{
	"api_key": true, "apikey": true, "api-key": true, "key": true, "token": true, "access_token": true,
	"refresh_token": true, "id_token": true, "auth": true, "auth_token": true, "client_secret": true,
	"secret": true, "password": true, "passwd": true, "signature": true, "sig": true,
}

var (
	reLearnHeader = lazyre.New(`(?im)(?:^|["'\s])((?:proxy-)?authorization|set-cookie|cookie|x-api-key|api-key|x-auth-token|x-access-token)["']?[ \t]*:[ \t]*["']?([^"'\r\n]+)`)
	reLearnAssign = lazyre.New(`(?i)(?:^|[?&;\s"'(,{])(api[_-]?key|access_token|refresh_token|auth_token|client_secret|secret|password|passwd|token)["']?[ \t]*[=:][ \t]*["']?([^&\s"'#,;)}<>]+)`)
	reLearnBearer = lazyre.New(`(?i)\bbearer[ \t]+([A-Za-z0-9._~+/=\-]+)`)
)

// learn remembers a credential seen in the input, so that it is removed
// from the report wherever else it shows up (a key echoed in a message, a
// token in a URL path), even when its form is not one redact recognises.
// Only values that look like credentials are learned: 8 bytes or more
// with both letters and digits, or 20 bytes or more. "theme=dark" or a
// date in a cookie is no secret, and removing it from request ids and
// messages would hurt.
func (a *analyzer) learn(v string) {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	if len(v) < 8 || len(v) > 4096 || strings.Contains(v, redact.Mark) || a.secrets[v] {
		return
	}
	letters := strings.IndexFunc(v, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) >= 0
	digits := strings.IndexAny(v, "0123456789") >= 0
	if !(letters && digits) && len(v) < 20 {
		return
	}
	if len(a.secrets) >= maxSecrets {
		a.tooManySecrets = true
		return
	}
	if a.secrets == nil {
		a.secrets = map[string]bool{}
	}
	a.secrets[v] = true
}

// learnHeader learns the credentials in a header value.
func (a *analyzer) learnHeader(name, value string) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "authorization", "proxy-authorization":
		if f := strings.Fields(value); len(f) >= 2 {
			a.learn(strings.Join(f[1:], " "))
			a.learn(f[len(f)-1])
		} else {
			a.learn(value)
		}
	case "cookie":
		for _, c := range strings.Split(value, ";") {
			if _, v, ok := strings.Cut(c, "="); ok {
				a.learn(v)
			}
		}
	case "set-cookie":
		first, _, _ := strings.Cut(value, ";")
		if _, v, ok := strings.Cut(first, "="); ok {
			a.learn(v)
		}
	default:
		if secretHeaders[strings.ToLower(strings.TrimSpace(name))] {
			a.learn(value)
		}
	}
}

// learnURL learns the credentials in a URL: secret query parameters and
// the password of its user info.
func (a *analyzer) learnURL(raw string) {
	if !strings.ContainsAny(raw, "?@") {
		return
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		a.learnText([]byte(raw))
		return
	}
	if p, ok := u.User.Password(); ok {
		a.learn(p)
	}
	for k, vs := range u.Query() {
		if secretParams[strings.ToLower(k)] {
			for _, v := range vs {
				a.learn(v)
			}
		}
	}
}

// learnText learns the credentials that free text (a log line, a raw
// response) shows in header, key=value and Bearer forms.
func (a *analyzer) learnText(b []byte) {
	lower := asciiLower(string(b))
	has := func(sub string) bool { return strings.Contains(lower, sub) }
	if has("auth") || has("cookie") || has("key") || has("token") {
		for _, m := range reLearnHeader().FindAllSubmatch(b, 100) {
			a.learnHeader(string(m[1]), string(m[2]))
		}
	}
	if has("key") || has("token") || has("secret") || has("pass") {
		for _, m := range reLearnAssign().FindAllSubmatch(b, 100) {
			a.learn(string(m[2]))
		}
	}
	if has("bearer") {
		for _, m := range reLearnBearer().FindAllSubmatch(b, 100) {
			a.learn(string(m[1]))
		}
	}
}

// secretReplacer replaces every learned credential by redact.Mark,
// longest first; nil when none was learned.
func (a *analyzer) secretReplacer() *strings.Replacer {
	if len(a.secrets) == 0 {
		return nil
	}
	l := make([]string, 0, len(a.secrets))
	for s := range a.secrets {
		l = append(l, s)
	}
	slices.SortFunc(l, func(x, y string) int {
		if len(x) != len(y) {
			return len(y) - len(x)
		}
		return strings.Compare(x, y)
	})
	pairs := make([]string, 0, 2*len(l))
	for _, s := range l {
		pairs = append(pairs, s, redact.Mark)
	}
	return strings.NewReplacer(pairs...)
}
