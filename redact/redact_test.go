package redact

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"prose", "Rate limit exceeded (request req_123)", "Rate limit exceeded (request req_123)"},
		{"babysea key", "invalid key bye_abc123XYZ789", "invalid key bye_" + Mark},
		{"babou key", "key=sk-bab-1234567890", "key=sk-bab-" + Mark},
		{"bearer header", "Authorization: Bearer abc.def-123", "Authorization: Bearer " + Mark},
		{"bearer keeps key kind", "authorization: Bearer bye_abcdef123", "authorization: Bearer bye_" + Mark},
		{"curl -v prefix", "> Authorization: Bearer abc123def", "> Authorization: Bearer " + Mark},
		{"scheme-less authorization", "Authorization: abcdef123", "Authorization: " + Mark},
		{"bearer in prose with digits", "sent Bearer t0ken99 twice", "sent Bearer " + Mark + " twice"},
		{"bearer prose without digits", "Bearer tokens are required", "Bearer tokens are required"},
		{"cookie", "Cookie: a=1; b=two", "Cookie: a=" + Mark + "; b=" + Mark},
		{"set-cookie", "Set-Cookie: id=abc; Path=/; Secure", "Set-Cookie: id=" + Mark + "; Path=/; Secure"},
		{"x-api-key", "X-API-Key: 0123456789", "X-API-Key: " + Mark},
		{"url key", "https://x.test/a?key=AIza123&b=1", "https://x.test/a?key=" + Mark + "&b=1"},
		{"url token", "https://x.test/a?b=1&token=t", "https://x.test/a?b=1&token=" + Mark},
		{"json password", `{"password":"hunter2"}`, `{"password":"` + Mark + `"}`},
		{"json apiKey", `{"apiKey": "abc"}`, `{"apiKey": "` + Mark + `"}`},
		{"json authorization", `{"Authorization":"Bearer abc"}`, `{"Authorization":"Bearer ` + Mark + `"}`},
		{"json number kept", `{"token":5,"tokens":"a"}`, `{"token":5,"tokens":"a"}`},
		{"request id kept", `{"request_id":"req_9f8e7d6c5b4a3210"}`, `{"request_id":"req_9f8e7d6c5b4a3210"}`},
		{"idempotency key kept", "Idempotency-Key: 4f9c2a77-e0b1", "Idempotency-Key: 4f9c2a77-e0b1"},
		{"code kept", "BSE1002 invalid_api_key", "BSE1002 invalid_api_key"},
		{"glued word kept", "goodbye_world_123456", "goodbye_world_123456"},
		{"already redacted", "Bearer " + Mark + " bye_" + Mark, "Bearer " + Mark + " bye_" + Mark},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := String(tt.in)
			if got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := String(got); again != got {
				t.Errorf("String is not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func TestHeader(t *testing.T) {
	tests := []struct{ name, value, want string }{
		{"Authorization", "Bearer bye_abcdef123", "Bearer bye_" + Mark},
		{"authorization", "Basic dXNlcjpwYXNz", "Basic " + Mark},
		{"Proxy-Authorization", "weird credentials here", Mark},
		{"Cookie", "a=1; b=2", "a=" + Mark + "; b=" + Mark},
		{"Cookie", "opaque", Mark},
		{"Set-Cookie", "s=1; Domain=x.test; HttpOnly", "s=" + Mark + "; Domain=x.test; HttpOnly"},
		{"X-Api-Key", "sk-bab-1234567", "sk-bab-" + Mark},
		{"X-Request-Id", "req_123", "req_123"},
		{"Location", "https://x.test/?api_key=zzz", "https://x.test/?api_key=" + Mark},
		{"Authorization", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.value, func(t *testing.T) {
			got := Header(tt.name, tt.value)
			if got != tt.want {
				t.Errorf("Header(%q, %q) = %q, want %q", tt.name, tt.value, got, tt.want)
			}
			if again := Header(tt.name, got); again != got {
				t.Errorf("Header is not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func TestBytes(t *testing.T) {
	clean := []byte("nothing secret")
	if got := Bytes(clean); &got[0] != &clean[0] {
		t.Errorf("Bytes copied a slice that needed no redaction")
	}
	if got := string(Bytes([]byte("bye_abcdef123"))); got != "bye_"+Mark {
		t.Errorf("Bytes = %q", got)
	}
}

// TestScrubBytes checks that ScrubBytes replaces what Scrub replaces and
// returns its argument itself when there is nothing to replace.
func TestScrubBytes(t *testing.T) {
	var learned Redactor
	learned.Learn(KindSecret, "s3cretValue42")
	tests := []struct {
		name string
		r    *Redactor
		in   string
		same bool // the result is the argument itself
	}{
		{"nil redactor", nil, "key s3cretValue42", true},
		{"nothing learned", new(Redactor), "key s3cretValue42", true},
		{"learned, absent", &learned, "nothing secret", true},
		{"learned, present", &learned, "key s3cretValue42 and s3cretValue42", false},
		{"empty", &learned, "", true},
	}
	for _, tt := range tests {
		in := []byte(tt.in)
		got := tt.r.ScrubBytes(in)
		if want := tt.r.Scrub(tt.in); string(got) != want {
			t.Errorf("%s: ScrubBytes = %q, Scrub = %q", tt.name, got, want)
		}
		if same := len(in) == 0 || &got[0] == &in[0]; same != tt.same {
			t.Errorf("%s: ScrubBytes returned its argument: %v, want %v", tt.name, same, tt.same)
		}
	}
}

type corpusCase struct {
	name          string
	secrets, keep []string
	text          string
}

func readCorpus(t *testing.T) []corpusCase {
	t.Helper()
	f, err := os.Open("testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []corpusCase
	var cur *corpusCase
	inText := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "=== "):
			cases = append(cases, corpusCase{name: strings.TrimPrefix(line, "=== ")})
			cur, inText = &cases[len(cases)-1], false
		case cur == nil:
		case inText:
			cur.text += line + "\n"
		case line == "---":
			inText = true
		case strings.HasPrefix(line, "secret: "):
			cur.secrets = append(cur.secrets, strings.TrimPrefix(line, "secret: "))
		case strings.HasPrefix(line, "keep: "):
			cur.keep = append(cur.keep, strings.TrimPrefix(line, "keep: "))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("empty corpus")
	}
	return cases
}

// TestCorpus checks that no secret of the corpus survives redaction, that
// what must be kept is kept, and that redaction is idempotent.
func TestCorpus(t *testing.T) {
	for _, c := range readCorpus(t) {
		t.Run(c.name, func(t *testing.T) {
			if len(c.secrets)+len(c.keep) == 0 {
				t.Fatal("case asserts nothing")
			}
			out := String(c.text)
			for _, s := range c.secrets {
				if !strings.Contains(c.text, s) {
					t.Errorf("secret %q is not in the case text", s)
				}
				if strings.Contains(out, s) {
					t.Errorf("secret %q leaked:\n%s", s, out)
				}
			}
			for _, k := range c.keep {
				if !strings.Contains(out, k) {
					t.Errorf("lost %q:\n%s", k, out)
				}
			}
			if again := String(out); again != out {
				t.Errorf("not idempotent:\n%s\n---\n%s", out, again)
			}
		})
	}
}

func BenchmarkString(b *testing.B) {
	text := strings.Repeat(`{"status":"error","request_id":"req_123","error":{"code":"BSE1005","message":"Rate limit exceeded"}}`+"\n", 10000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		String(text)
	}
}
