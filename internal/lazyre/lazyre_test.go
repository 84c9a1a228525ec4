package lazyre_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/errscope/errscope/internal/lazyre"
)

func TestNewCompilesOnce(t *testing.T) {
	re := lazyre.New(`^HTTP/([0-9.]+) ([0-9]{3})`)
	var wg sync.WaitGroup
	got := make([]any, 8)
	for i := range got {
		wg.Go(func() { got[i] = re() })
	}
	wg.Wait()
	for i := range got {
		if got[i] != got[0] {
			t.Fatalf("call %d returned a different *regexp.Regexp", i)
		}
	}
	if m := re().FindStringSubmatch("HTTP/1.1 429 Too Many Requests"); len(m) != 3 || m[2] != "429" {
		t.Fatalf("match = %q, want the status 429", m)
	}
}

func TestNewPanicsOnFirstUse(t *testing.T) {
	re := lazyre.New(`(`) // must not panic here
	defer func() {
		if recover() == nil {
			t.Fatal("an invalid expression did not panic on first use")
		}
	}()
	re()
}

func ExampleNew() {
	statusLine := lazyre.New(`^HTTP/[0-9.]+ ([0-9]{3})`)
	// Nothing is compiled until the first call.
	fmt.Println(statusLine().FindStringSubmatch("HTTP/2 503")[1])
	// Output: 503
}
