package highlight

import "testing"

// The seed corpora live in testdata/fuzz/FuzzJSON and testdata/fuzz/FuzzHTTP.

func FuzzJSON(f *testing.F) {
	f.Add(`{"status":"error","error":{"code":"BSE1005","retryable":true}}`)
	f.Fuzz(func(t *testing.T, src string) {
		checkTokens(t, "JSON", src, JSON(src))
		if s, ok := PrettyJSON(src); !ok && s != src {
			t.Fatalf("PrettyJSON(%q) changed invalid input to %q", src, s)
		}
	})
}

func FuzzHTTP(f *testing.F) {
	f.Add("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 17\r\n\r\n{\"code\":\"RATE_LIMIT_EXCEEDED\"}")
	f.Fuzz(func(t *testing.T, src string) {
		checkTokens(t, "HTTP", src, HTTP(src))
	})
}
