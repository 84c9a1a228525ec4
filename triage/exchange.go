package triage

import (
	"strconv"
	"strings"

	"github.com/errscope/errscope/apierror"
)

// exchange records one exchange read from the input: a response, decoded
// with the decoder's own rule when it is an error, or a transport failure.
func (a *analyzer) exchange(x *apierror.Exchange) {
	if x.Status >= 100 && x.Status < 200 {
		return // informational: the final response follows
	}
	for _, p := range x.Problems {
		a.problem("%s", p)
	}
	at := &attempt{where: x.Where, method: x.Method, bodyHash: x.BodyHash, idemKey: x.IdempotencyKey,
		status: x.Status, start: x.Time, end: x.End, coarse: x.Coarse}
	at.setURL(x.URL)
	if x.NoResponse {
		at.failed, at.status = true, 0
		at.netKind, at.netText = netKind(x.NetError)
		a.add(at)
		return
	}
	if e, ok := x.Decode(a.decodeOptions(at.method)); ok {
		at.err, at.status, at.failed = e, e.Status, true
	}
	a.add(at)
}

// netKind classifies a transport error text ("net::ERR_CONNECTION_RESET").
func netKind(s string) (kind, text string) {
	t := strings.TrimSpace(s)
	l := strings.ToLower(t)
	switch {
	case t == "":
		return KindNetwork, "no response (status 0)"
	case strings.Contains(l, "aborted") || strings.Contains(l, "cancel"):
		return KindCanceled, t
	case strings.Contains(l, "timed_out") || strings.Contains(l, "timed out") || strings.Contains(l, "timeout"):
		return KindTimeout, t
	}
	return KindNetwork, t
}

func itoa(n int) string { return strconv.Itoa(n) }
