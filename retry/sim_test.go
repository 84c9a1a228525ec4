package retry

import (
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/catalog"
)

func TestParseSpec(t *testing.T) {
	d := func(d time.Duration) *time.Duration { return &d }
	tests := []struct {
		spec string
		want []SimResponse
	}{
		{"429:retry-after=17,503,200", []SimResponse{{Status: 429, RetryAfter: d(17 * time.Second)}, {Status: 503}, {Status: 200}}},
		{"503:retryable=false", []SimResponse{{Status: 503, Retryable: ptr(false)}}},
		{" net , timeout ", []SimResponse{{Network: true}, {Timeout: true}}},
		{"network:latency=2s,timeout:latency=5s", []SimResponse{{Network: true, Latency: 2 * time.Second}, {Timeout: true, Latency: 5 * time.Second}}},
		{"502:html", []SimResponse{{Status: 502, NonJSON: true}}},
		{"429:retry-after=3600", []SimResponse{{Status: 429, RetryAfter: d(time.Hour)}}},
		{"429:retry-after=0", []SimResponse{{Status: 429, RetryAfter: d(0)}}},
		{"409:code=BSE2016:retryable=TRUE", []SimResponse{{Status: 409, Code: "BSE2016", Retryable: ptr(true)}}},
		{"503*3,200:latency=120ms", []SimResponse{{Status: 503}, {Status: 503}, {Status: 503}, {Status: 200, Latency: 120 * time.Millisecond}}},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := ParseSpec(catalog.BabySea, tt.spec)
			if err != nil {
				t.Fatalf("ParseSpec(%q): %v", tt.spec, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseSpec(%q) = %v, want %v", tt.spec, got, tt.want)
			}
		})
	}
}

func TestParseSpecErrors(t *testing.T) {
	tests := []struct {
		spec  string
		index int    // 0: not a SpecError
		msg   string // substring
	}{
		{"", 0, "empty spec"},
		{"  ", 0, "empty spec"},
		{"429,,200", 2, "empty item"},
		{"200,abc", 2, `unknown response "abc"`},
		{"700", 1, "status 700 out of range"},
		{"199", 1, "out of range"},
		{"429:retry-after=x", 1, `retry-after: want whole seconds from 0 to 1000000000, got "x"`},
		{"429:retry-after=-1", 1, "retry-after: want whole seconds"},
		{"429:retry-after=1.5", 1, "retry-after: want whole seconds"},
		{"429:retry-after=99999999999999999999", 1, "retry-after: want whole seconds"},
		{"429:retry-after", 1, "retry-after needs a value"},
		{"429:retry-after=1:retry-after=2", 1, "retry-after given twice"},
		{"503:retryable=maybe", 1, "retryable: want true or false"},
		{"503:retryable=1", 1, "retryable: want true or false"},
		{"503:html=yes", 1, "html takes no value"},
		{"503:code=a-b", 1, `code "a-b"`},
		{"503:latency=-1s", 1, "latency: want a duration"},
		{"503:latency=2h", 1, "latency: want a duration"},
		{"503:colour=red", 1, `unknown option "colour"`},
		{"503:", 1, "empty option"},
		{"200:retry-after=1", 1, "retry-after does not apply to 200"},
		{"net:html", 1, "html does not apply to net"},
		{"timeout:code=X", 1, "code does not apply to timeout"},
		{"503*0", 1, "repeat"},
		{"503*x", 1, "repeat"},
		{"503*101", 1, "repeat"},
		{"503*60,200*60", 2, "more than 100 responses"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := ParseSpec(catalog.BabySea, tt.spec)
			if err == nil {
				t.Fatalf("ParseSpec(%q) = %v, want an error", tt.spec, got)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("ParseSpec(%q) error = %q, want it to contain %q", tt.spec, err, tt.msg)
			}
			var se *SpecError
			if errors.As(err, &se) != (tt.index > 0) || (se != nil && se.Index != tt.index) {
				t.Errorf("ParseSpec(%q) error = %#v, want SpecError at item %d", tt.spec, err, tt.index)
			}
			if se != nil && !strings.Contains(err.Error(), "item "+strconv.Itoa(tt.index)+" ") {
				t.Errorf("ParseSpec(%q) error = %q: does not name the position", tt.spec, err)
			}
		})
	}
}

// TestSimResponseString: String is the spec syntax, so it parses back to
// the same response.
func TestSimResponseString(t *testing.T) {
	spec := "429:retry-after=17:latency=250ms,503:retryable=false:code=BSE4005,502:html,net,timeout:latency=5s,200"
	rs, err := ParseSpec(catalog.BabySea, spec)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.String())
	}
	back, err := ParseSpec(catalog.BabySea, strings.Join(parts, ","))
	if err != nil || !reflect.DeepEqual(back, rs) {
		t.Errorf("round trip of %q via %q = %v, %v", spec, strings.Join(parts, ","), back, err)
	}
}

// TestSimResponseBuild checks the simulated wire responses, per API shape.
func TestSimResponseBuild(t *testing.T) {
	for _, info := range catalog.APIs() {
		t.Run(string(info.ID), func(t *testing.T) {
			ra := 17 * time.Second
			st, h, body := SimResponse{Status: 429, RetryAfter: &ra}.Build(info.ID)
			if st != 429 || h.Get("Retry-After") != "17" || !strings.HasPrefix(string(body), "{") {
				t.Errorf("Build(429 retry-after 17) = %d %v %s", st, h, body)
			}
			// A body's own delay field, where the API has one, names the
			// same delay as the header, as the real API's do.
			for _, m := range regexp.MustCompile(`"retry_after(?:_seconds)?":(\d+)`).FindAllStringSubmatch(string(body), -1) {
				if m[1] != "17" {
					t.Errorf("body %s names %s s beside Retry-After: 17", body, m[1])
				}
			}
			st, h, body = SimResponse{Status: 502, NonJSON: true}.Build(info.ID)
			if st != 502 || h.Get("Content-Type") != "text/html" || !strings.Contains(string(body), "<title>502 Bad Gateway</title>") {
				t.Errorf("Build(502 html) = %d %v %s", st, h, body)
			}
			if st, h, body := (SimResponse{Network: true}).Build(info.ID); st != 0 || h != nil || body != nil {
				t.Errorf("Build(net) = %d %v %q, want no response", st, h, body)
			}
			_, _, body = SimResponse{Status: 503, Retryable: ptr(false)}.Build(info.ID)
			if !strings.Contains(string(body), `"retryable":false`) {
				t.Errorf("Build(503 retryable=false) body %s lacks the flag", body)
			}
		})
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"429:retry-after=17,503,200", "503:retryable=false", "net,timeout", "502:html", "429:retry-after=3600",
		"503*3,200:latency=1s", "409:code=BSE2016:retryable=true", "", ",", "429:retry-after=", "*", "200*100"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		rs, err := ParseSpec(catalog.BabySea, spec)
		if err != nil {
			if rs != nil {
				t.Fatalf("ParseSpec(%q) returned responses with error %v", spec, err)
			}
			return
		}
		if len(rs) == 0 || len(rs) > MaxSpecResponses {
			t.Fatalf("ParseSpec(%q) = %d responses", spec, len(rs))
		}
		var parts []string
		for _, r := range rs {
			parts = append(parts, r.String())
		}
		canon := strings.Join(parts, ",")
		back, err := ParseSpec(catalog.BabySea, canon)
		if err != nil || !reflect.DeepEqual(back, rs) {
			t.Fatalf("ParseSpec(%q) = %v; canonical %q parses to %v, %v", spec, rs, canon, back, err)
		}
		// Every parsed spec simulates, and terminates within the policy's attempts.
		res := Policy{MaxRetries: 5}.Schedule(Scenario{API: catalog.BabySea, Responses: rs, Method: "POST"})
		if n := len(res.Attempts); n < 1 || n > 6 {
			t.Fatalf("Schedule(%q) made %d attempts", spec, n)
		}
	})
}
