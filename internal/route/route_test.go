package route

import (
	"testing"

	"github.com/errscope/errscope/catalog"
)

func TestCode(t *testing.T) {
	e, ok := catalog.Lookup(catalog.BabySea, "BSE1005")
	if got := Code(e); !ok || got != "/errors/babysea/BSE1005" {
		t.Errorf("Code(BSE1005) = %q", got)
	}
}
