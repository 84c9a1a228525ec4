package apierror

import (
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestCapReader checks that cutting long strings keeps the JSON valid and
// each string a prefix of the original, wherever the cut falls: inside
// plain text, next to escapes, inside a multi-byte character.
func TestCapReader(t *testing.T) {
	alphabet := []string{"a", "b", `"`, `\`, "é", "€", "😀", "\n", "\u2028", "\x01", "/"}
	rnd := rand.New(rand.NewPCG(1, 2))
	var values []string
	for range 300 {
		var b strings.Builder
		for range rnd.IntN(40) {
			b.WriteString(alphabet[rnd.IntN(len(alphabet))])
		}
		values = append(values, b.String())
	}
	for _, max := range []int{1, 2, 5, 7, 16} { // keys are strings too: 1 keeps "s"
		in, err := json.Marshal(map[string]any{"s": values, "n": 12.5, "k": []any{true, nil}})
		if err != nil {
			t.Fatal(err)
		}
		cr := newCapReader(strings.NewReader(string(in)), max)
		out, err := io.ReadAll(cr)
		if err != nil {
			t.Fatalf("max %d: %v", max, err)
		}
		var got struct {
			S []string
			N float64
			K []any
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("max %d: output is not valid JSON: %v\n%s", max, err, out)
		}
		if len(got.S) != len(values) || got.N != 12.5 || len(got.K) != 2 {
			t.Fatalf("max %d: structure changed: %+v", max, got)
		}
		for i, s := range got.S {
			if !strings.HasPrefix(values[i], s) {
				t.Errorf("max %d: %q is not a prefix of %q", max, s, values[i])
			}
			enc, _ := json.Marshal(values[i])
			if len(enc)-2 <= max && s != values[i] {
				t.Errorf("max %d: %q (encoded %d bytes) was cut to %q", max, values[i], len(enc)-2, s)
			}
			if !utf8.ValidString(s) {
				t.Errorf("max %d: %q is not valid UTF-8", max, s)
			}
		}
	}
}

func TestCapReaderLongLiteral(t *testing.T) {
	in := `{"n":` + strings.Repeat("1", maxLiteral+1) + `}`
	_, err := io.ReadAll(newCapReader(strings.NewReader(in), 100))
	if !errors.Is(err, errLongLiteral) {
		t.Fatalf("err = %v, want errLongLiteral", err)
	}
}
