package triage

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/explain"
	"github.com/errscope/errscope/retry"
)

// agreeNow is the time both readers resolve dates against.
var agreeNow = testNow

// verdict is what one reader concluded about one error response.
type verdict struct {
	where, api, code, decision string
	status                     int
}

func (v verdict) String() string {
	return fmt.Sprintf("%s: api=%q status=%d code=%q %s", v.where, v.api, v.status, v.code, v.decision)
}

// TestDecoderAndTriageAgree walks every paste under every testdata
// directory of the module — golden inputs and fuzz corpora — and requires
// the decoder (apierror.ReadAll, as explained by package explain) and
// triage (Analyze) to find the same error responses, with the same API,
// status, code and retry decision.
func TestDecoderAndTriageAgree(t *testing.T) {
	pastes := testdataPastes(t)
	if len(pastes) < 50 {
		t.Fatalf("found only %d pastes under the module's testdata directories", len(pastes))
	}
	compared := 0
	for _, p := range pastes {
		if len(p.b) > apierror.MaxPaste {
			continue // the decoder reads only the first MaxPaste bytes
		}
		dec := decoderVerdicts(p.b)
		tri := triageVerdicts(p.b)
		compared += len(dec)
		if strings.Join(str(dec), "\n") != strings.Join(str(tri), "\n") {
			t.Errorf("%s: the decoder and triage disagree\ndecoder:\n  %s\ntriage:\n  %s", p.name,
				strings.Join(str(dec), "\n  "), strings.Join(str(tri), "\n  "))
		}
	}
	if compared < 100 {
		t.Errorf("only %d error responses compared; the walk misses the pastes", compared)
	}
}

func str(vs []verdict) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	return out
}

func decision(retry bool) string {
	if retry {
		return "retry"
	}
	return "stop"
}

func decoderVerdicts(b []byte) []verdict {
	p := apierror.ReadAll(b, apierror.Options{Now: agreeNow})
	var out []verdict
	for i, e := range p.Errors {
		r := explain.Explain(e, explain.Options{Now: agreeNow})
		out = append(out, verdict{where: p.Exchanges[i].Where, api: string(e.API), code: string(e.Code), status: e.Status, decision: r.Retry.Decision})
	}
	if p.Responses == 0 && len(out) == 1 && p.Exchanges[0].Format == apierror.FormatBody {
		return nil // no exchange: the decoder reads the whole text as a body, triage skips it
	}
	return out
}

func triageVerdicts(b []byte) []verdict {
	a := newAnalyzer(Options{Now: agreeNow})
	var out []verdict
	a.observe = func(at *attempt, d retry.Decision) {
		if at.err == nil {
			return // a transport failure: the decoder has no response to decode
		}
		e := at.err
		out = append(out, verdict{where: at.where, api: string(e.API), code: string(e.Code), status: e.Status, decision: decision(d.Retry)})
	}
	a.run(bytes.NewReader(b))
	a.finish()
	if len(out) > 1000 {
		out = out[:1000] // the decoder's cap
	}
	return out
}

type paste struct {
	name string
	b    []byte
}

// testdataPastes reads every file under every testdata directory of the
// module: golden inputs as they are, fuzz corpus files value by value.
func testdataPastes(t *testing.T) []paste {
	var out []paste
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == "node_modules" || n == "public" || strings.HasPrefix(n, ".") && n != ".." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.Contains(filepath.ToSlash(path), "/testdata/") || strings.HasSuffix(path, ".golden") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.HasPrefix(b, []byte("go test fuzz v1\n")) {
			out = append(out, paste{path, b})
			return nil
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, 16<<20)
		for n := 0; sc.Scan(); n++ {
			l := sc.Text()
			for _, pre := range []string{"[]byte(", "string("} {
				if strings.HasPrefix(l, pre) && strings.HasSuffix(l, ")") {
					if v, err := strconv.Unquote(l[len(pre) : len(l)-1]); err == nil {
						out = append(out, paste{fmt.Sprintf("%s#%d", path, n), []byte(v)})
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
