package triage

import (
	"fmt"
	"strings"
	"testing"
)

// TestTextShapes checks how text inputs are cut into responses.
func TestTextShapes(t *testing.T) {
	const bse1005 = `{"status":"error","request_id":"req_1","error":{"code":"BSE1005","message":"slow down","retryable":true}}`
	tests := []struct {
		name     string
		in       string
		entries  int
		failures int
		groups   []string // "api code status…" of each group, in order
		problem  string   // substring of a problem; "" for none expected
	}{
		{"2xx log line whose body says status error",
			"2026-11-21T10:00:00Z INFO status=200 body=" + `{"status":"error","error":{"code":"BSE5001","message":"x"}}` + "\n",
			1, 1, []string{"babysea BSE5001 [200]"}, ""},
		{"2xx log line with an ordinary body",
			"2026-11-21T10:00:00Z INFO status=200 body=" + `{"status":"success","code":"ok"}` + "\n",
			1, 0, nil, ""},
		{"curl command, then the response",
			"$ curl -sS -X POST -H 'Idempotency-Key: k-1' -d '{}' https://api.babysea.ai/v1/generate\nHTTP/2 429\nretry-after: 17\n\n" + bse1005 + "\n",
			1, 1, []string{"babysea BSE1005 [429] POST /v1/generate"}, ""},
		{"100 Continue is not a response of its own",
			"HTTP/1.1 100 Continue\n\nHTTP/1.1 429 Too Many Requests\n\n" + bse1005 + "\n",
			1, 1, []string{"babysea BSE1005 [429]"}, ""},
		{"a bare JSON body after a raw response is a response of its own",
			"HTTP/1.1 429 Too Many Requests\n\n" + bse1005 + "\n\n" + `{"error":{"code":"rate_limit_exceeded","message":"x","retry_after":60}}` + "\n",
			2, 2, []string{"babysea BSE1005 [429]", "claro rate_limit_exceeded [0]"}, ""},
		{"pretty JSON on the lines after a log line",
			"[2026-11-21 10:00:00,250] ERROR POST /v1/generate status=503\n\n{\n  \"status\": \"error\",\n  \"error\": {\"code\": \"BSE4005\", \"message\": \"x\"}\n}\n2026-11-21T10:00:01Z INFO done\n",
			1, 1, []string{"babysea BSE4005 [503] POST /v1/generate"}, ""},
		{"a proxy's HTML page in a log line",
			"2026-11-21T10:00:00Z ERROR GET https://api.babysea.ai/v1/models status=502 <html><head><title>502 Bad Gateway</title></head></html>\n",
			1, 1, []string{" (status) [502] GET /v1/models"}, ""},
		{"curl -v with the connection reset",
			"> POST /v1/generate HTTP/2\n> Host: api.babysea.ai\n>\n* Recv failure: Connection reset by peer\n* Closing connection\ncurl: (56) Recv failure: Connection reset by peer\n",
			1, 1, []string{" (network) [0] POST /v1/generate"}, ""},
		{"a request without a response",
			"GET /v1/models HTTP/1.1\nHost: api.babysea.ai\n\n",
			0, 0, nil, "a request without a response"},
		{"NDJSON with times in epoch milliseconds",
			`{"ts":1795262400000,"status":429,"method":"GET","url":"https://babou.app/api/v1/x","body":"{\"error\":\"slow\",\"code\":\"RATE_LIMIT_EXCEEDED\"}"}` + "\n" +
				`{"ts":1795262400100,"status":200,"method":"GET","url":"https://babou.app/api/v1/x"}` + "\n",
			2, 1, []string{"babou RATE_LIMIT_EXCEEDED [429] GET /api/v1/x"}, ""},
		{"a JSON list is skipped", "[1, 2]\n", 0, 0, nil, "a JSON list"},
		{"broken JSON that is no error is skipped", "{\"a\": tru\n", 0, 0, nil, "could not be read"},
		{"other log lines are skipped", "2026-11-21T10:00:00Z INFO started\nplain words\n", 0, 0, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := AnalyzeBytes([]byte(tt.in), Options{Now: testNow})
			if r.Entries != tt.entries || r.Failures != tt.failures {
				t.Errorf("entries %d failures %d, want %d %d; groups %+v problems %q", r.Entries, r.Failures, tt.entries, tt.failures, r.Groups, r.Problems)
			}
			var got []string
			for _, g := range r.Groups {
				s := fmt.Sprintf("%s %s %v", g.API, g.Code, g.Statuses)
				if g.Code == "" {
					s = fmt.Sprintf("%s (%s) %v", g.API, g.Kind, g.Statuses)
				}
				if len(g.Endpoints) > 0 {
					s += " " + strings.Join(g.Endpoints, ",")
				}
				got = append(got, s)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.groups) {
				t.Errorf("groups = %q, want %q", got, tt.groups)
			}
			found := tt.problem == ""
			for _, p := range r.Problems {
				found = found || strings.Contains(p, tt.problem)
			}
			if !found {
				t.Errorf("problems %q lack %q", r.Problems, tt.problem)
			}
		})
	}
}

// TestHostResolution checks that a network failure seen before its host's
// API was known joins that API's group.
func TestHostResolution(t *testing.T) {
	r := AnalyzeBytes([]byte(harOf([]try{
		{ms: 0, dur: 10, method: "GET", status: 0, err: "net::ERR_CONNECTION_REFUSED"},
		{ms: 60000, dur: 10, status: 429, body: bs429, headers: ra17},
		{ms: 120000, dur: 10, method: "GET", status: 0, err: "net::ERR_CONNECTION_REFUSED"},
	})), Options{Now: testNow})
	var net []Group
	for _, g := range r.Groups {
		if g.Kind == KindNetwork {
			net = append(net, g)
		}
	}
	if len(net) != 1 || net[0].API != "babysea" || net[0].Count != 2 || !net[0].First.Before(net[0].Last) {
		t.Errorf("network groups = %+v, want one BabySea group of 2", net)
	}
}

func TestCaps(t *testing.T) {
	var b strings.Builder
	// MaxGroups+20 kinds of failure, the first with many request ids and
	// endpoints, and bodies that are not valid base64 for the problems.
	for i := range MaxGroups + 20 {
		code := fmt.Sprintf("E%03d", i)
		n := 1
		if i == 0 {
			n = 40
		}
		for j := range n {
			fmt.Fprintf(&b, "2026-11-21T10:00:00Z ERROR GET https://x.example/p%d status=500 body={\"error\":{\"code\":%q,\"message\":\"m\"},\"request_id\":\"id-%d\"}\n", j, code, j)
		}
	}
	for range 2 * MaxProblems {
		b.WriteString("[1]\n")
	}
	r := AnalyzeBytes([]byte(b.String()), Options{Now: testNow})
	if len(r.Groups) != MaxGroups {
		t.Errorf("%d groups, want MaxGroups %d", len(r.Groups), MaxGroups)
	}
	g := r.Groups[0]
	if g.Count != 40 || len(g.RequestIDs) != MaxRequestIDs || g.MoreRequestIDs != 40-MaxRequestIDs || len(g.Endpoints) != MaxEndpoints || g.MoreEndpoints != 40-MaxEndpoints {
		t.Errorf("first group: count %d, %d ids +%d, %d endpoints +%d", g.Count, len(g.RequestIDs), g.MoreRequestIDs, len(g.Endpoints), g.MoreEndpoints)
	}
	if len(r.Problems) != MaxProblems || !strings.Contains(r.Problems[MaxProblems-1], "more problems") {
		t.Errorf("%d problems ending %q, want %d ending with a count of the rest", len(r.Problems), r.Problems[len(r.Problems)-1], MaxProblems)
	}
	dropped := false
	for _, p := range r.Problems {
		dropped = dropped || strings.Contains(p, "counted but not grouped")
	}
	if !dropped {
		t.Errorf("no problem says failures were not grouped: %q", r.Problems[:5])
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want, cell string }{
		{"plain rate_limit *x*", "plain rate_limit *x*", "plain rate_limit *x*"},
		{"[click](https://evil.example)", `\[click\](https://evil.example)`, `\[click\](https://evil.example)`},
		{"<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;", "&lt;img src=x onerror=alert(1)&gt;"},
		{`a\[b`, `a\\\[b`, `a\\\[b`},
		{"a|b", `a\|b`, `a\|b`},
		{"send `Authorization: Bearer <key>` now", "send `Authorization: Bearer <key>` now", "send `Authorization: Bearer <key>` now"},
		{"`a|b` and [x]", "`a|b` and \\[x\\]", "`a\\|b` and \\[x\\]"},
		{"one ` tick [x]", "one ` tick \\[x\\]", "one ` tick \\[x\\]"},
		{"``a`b`` <c>", "``a`b`` &lt;c&gt;", "``a`b`` &lt;c&gt;"},
		{"line\nbreak", "line break", "line break"},
	}
	for _, tt := range tests {
		if got := esc(tt.in); got != tt.want {
			t.Errorf("esc(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := escCell(tt.in); got != tt.cell {
			t.Errorf("escCell(%q) = %q, want %q", tt.in, got, tt.cell)
		}
	}
}
