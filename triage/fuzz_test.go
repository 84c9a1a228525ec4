package triage

import (
	"bytes"
	"encoding/json"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// fuzzTail is appended to every fuzz input: credentials in the places
// they travel, each line on its own so that the fuzzed text before cannot
// change what the lines are. None of them may appear in the report.
const fuzzTail = "\nAuthorization: Bearer fzT0kenSEED1a2b3c\n" +
	"Cookie: session=fzC00kieSEED9z8y; theme=dark\n" +
	"Set-Cookie: sid=fzSetC00kieSEED77; Path=/\n" +
	"X-Api-Key: sk-bab-fzXapiSEED5566aa\n" +
	"GET https://api.babysea.ai/v1/x?api_key=fzQueryKeySEED42 HTTP/1.1\n" +
	`{"error":{"code":"BSE1002","message":"bad key bye_fzBodyKeySEED314"}}` + "\n" +
	"2026-11-21T10:00:00Z ERROR status=401 token=fzLogTokSEED808 Bearer fzLogBearerSEED909\n"

var fuzzSecrets = []string{
	"T0kenSEED1a2b3c", "C00kieSEED9z8y", "SetC00kieSEED77", "XapiSEED5566aa",
	"QueryKeySEED42", "BodyKeySEED314", "LogTokSEED808", "LogBearerSEED909",
}

func FuzzAnalyze(f *testing.F) {
	// The seeds are the committed corpus under testdata/fuzz/FuzzAnalyze:
	// small inputs of every shape the fixtures have (HAR, base64 and gzip
	// bodies, raw and curl -v responses, log lines, NDJSON), so that
	// mutations stay small and fast. Run with -fuzzminimizetime=100x:
	// minimizing a new input for the default 60 s would take the whole run.
	f.Fuzz(func(t *testing.T, data []byte) {
		in := append(bytes.Clone(data), fuzzTail...)
		r := AnalyzeBytes(in, Options{Now: testNow})
		checkInvariants(t, r)
		if len(r.Groups) > MaxGroups {
			t.Errorf("%d groups, over MaxGroups", len(r.Groups))
		}
		for _, g := range r.Groups {
			if len(g.Message) > 300 || len(g.Verdict) > 400 || len(g.Title) > 200 || len(g.Providers) > maxProviders || len(g.Problems) > maxGroupProblems {
				t.Errorf("group fields over their caps: %+v", g)
			}
			for _, s := range append(append([]string{g.Message, g.Verdict, g.Title, string(g.Code)}, g.RequestIDs...), g.Endpoints...) {
				if !utf8.ValidString(s) {
					t.Errorf("invalid UTF-8 in %q", s)
				}
			}
		}
		if _, err := json.Marshal(r); err != nil {
			t.Errorf("report does not marshal: %v", err)
		}
		if !bytes.Contains(data, []byte("SEED")) {
			assertNoLeak(t, r, fuzzSecrets)
		}

		// Streaming must not depend on how the input arrives.
		s, err := Analyze(iotest.HalfReader(bytes.NewReader(in)), Options{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(r)
		b, _ := json.Marshal(s)
		if !bytes.Equal(a, b) {
			t.Errorf("reading in small pieces changed the report:\n%s\n%s", a, b)
		}
	})
}
