package highlight

import "strings"

// HTTP tokenizes a pasted HTTP message as printed by curl -i or a browser's
// "copy response": a status line (or request line), header fields, a blank
// line, then the body. A JSON body (by Content-Type, or because it starts
// with { or [) is tokenized like [JSON]; any other body is one
// [ClassText] token. Several messages in a row (a 100 Continue or a
// redirect before the final response) are each tokenized. Text that does
// not start with a status or request line is treated as a bare body.
// Header lines that are not "name: value" are marked [ClassError].
func HTTP(src string) []Token {
	head, tail := limit(src)
	return appendTail(appendHTTP(make([]Token, 0, estimate(head)), head), tail)
}

// line returns the end of the line starting at i (the index of its line
// break, or len(s)) and the index of the next line.
func line(s string, i int) (end, next int) {
	j := strings.IndexByte(s[i:], '\n')
	if j < 0 {
		return len(s), len(s)
	}
	end, next = i+j, i+j+1
	if end > i && s[end-1] == '\r' {
		end--
	}
	return end, next
}

func appendHTTP(toks []Token, s string) []Token {
	i := 0
	// Blank lines before the first start line.
	for i < len(s) {
		end, next := line(s, i)
		if strings.TrimSpace(s[i:end]) != "" {
			break
		}
		toks = append(toks, Token{ClassText, s[i:next]})
		i = next
	}
	for {
		end, next := line(s, i)
		start, ok := startLine(s[i:end])
		if !ok {
			return appendBody(toks, s[i:], "")
		}
		toks = append(toks, start...)
		toks = appendText(toks, s[end:next])
		i = next

		var contentType string
		for i < len(s) {
			end, next := line(s, i)
			l := s[i:end]
			if strings.TrimSpace(l) == "" {
				toks = append(toks, Token{ClassText, s[i:next]})
				i = next
				break
			}
			var name string
			toks, name = appendHeader(toks, l)
			if strings.EqualFold(name, "Content-Type") {
				_, v, _ := strings.Cut(l, ":")
				contentType = strings.ToLower(v)
			}
			toks = appendText(toks, s[end:next])
			i = next
		}
		if end, _ := line(s, i); strings.HasPrefix(s[i:], "HTTP/") {
			if _, ok := statusLine(s[i:end]); ok {
				continue // another response follows (after a 100 Continue or a redirect)
			}
		}
		return appendBody(toks, s[i:], contentType)
	}
}

// appendText appends t as plain text unless it is empty.
func appendText(toks []Token, t string) []Token {
	if t == "" {
		return toks
	}
	return append(toks, Token{ClassText, t})
}

// appendBody tokenizes a message body: as JSON when the content type says
// so or the body looks like JSON, else as one plain token.
func appendBody(toks []Token, body, contentType string) []Token {
	if body == "" {
		return toks
	}
	t := strings.TrimLeft(body, " \t\r\n")
	if strings.Contains(contentType, "json") || strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		return appendJSON(toks, body)
	}
	return append(toks, Token{ClassText, body})
}

// appendHeader tokenizes one header line (without its line break) and
// returns the field name, empty for a continuation or a malformed line.
func appendHeader(toks []Token, l string) ([]Token, string) {
	if l[0] == ' ' || l[0] == '\t' { // obsolete line folding: a continuation
		v := strings.TrimLeft(l, " \t")
		toks = appendText(toks, l[:len(l)-len(v)])
		return append(toks, Token{ClassHeaderVal, v}), ""
	}
	colon := strings.IndexByte(l, ':')
	name := strings.TrimRight(l[:max(colon, 0)], " \t")
	if colon <= 0 || name == "" || strings.ContainsAny(name, " \t") {
		return append(toks, Token{ClassError, l}), ""
	}
	toks = append(toks, Token{ClassHeaderName, name})
	toks = appendText(toks, l[len(name):colon])
	toks = append(toks, Token{ClassOperator, ":"})
	rest := l[colon+1:]
	v := strings.TrimLeft(rest, " \t")
	toks = appendText(toks, rest[:len(rest)-len(v)])
	if v != "" {
		toks = append(toks, Token{ClassHeaderVal, v})
	}
	return toks, name
}

// startLine tokenizes a status line ("HTTP/1.1 429 Too Many Requests",
// "HTTP/2 503") or a request line ("POST /v1/x HTTP/1.1").
func startLine(l string) ([]Token, bool) {
	if toks, ok := statusLine(l); ok {
		return toks, true
	}
	return requestLine(l)
}

// version tokenizes "HTTP/<digits and dots>" at the start of l and returns
// the rest of l.
func version(l string) ([]Token, string, bool) {
	rest, ok := strings.CutPrefix(l, "HTTP/")
	if !ok {
		return nil, "", false
	}
	n := 0
	for n < len(rest) && (isDigit(rest[n]) || rest[n] == '.') {
		n++
	}
	if n == 0 || !isDigit(rest[0]) {
		return nil, "", false
	}
	return []Token{{ClassProtocol, "HTTP"}, {ClassOperator, "/"}, {ClassNumber, rest[:n]}}, rest[n:], true
}

// spaces returns the length of the run of spaces and tabs at the start of s.
func spaces(s string) int {
	n := 0
	for n < len(s) && (s[n] == ' ' || s[n] == '\t') {
		n++
	}
	return n
}

func statusLine(l string) ([]Token, bool) {
	toks, rest, ok := version(l)
	if !ok {
		return nil, false
	}
	sp := spaces(rest)
	if sp == 0 || len(rest) < sp+3 {
		return nil, false
	}
	code := rest[sp : sp+3]
	if !isDigit(code[0]) || !isDigit(code[1]) || !isDigit(code[2]) {
		return nil, false
	}
	after := rest[sp+3:]
	if after != "" && after[0] != ' ' && after[0] != '\t' {
		return nil, false
	}
	toks = append(toks, Token{ClassText, rest[:sp]}, Token{ClassNumber, code})
	sp2 := spaces(after)
	toks = appendText(toks, after[:sp2])
	if reason := after[sp2:]; reason != "" {
		toks = append(toks, Token{ClassReason, reason})
	}
	return toks, true
}

func requestLine(l string) ([]Token, bool) {
	m := 0
	for m < len(l) && 'A' <= l[m] && l[m] <= 'Z' {
		m++
	}
	if m == 0 || m > 16 {
		return nil, false
	}
	sp1 := spaces(l[m:])
	if sp1 == 0 {
		return nil, false
	}
	t := m + sp1
	te := t
	for te < len(l) && l[te] != ' ' && l[te] != '\t' {
		te++
	}
	sp2 := spaces(l[te:])
	if te == t || sp2 == 0 {
		return nil, false
	}
	vt, rest, ok := version(l[te+sp2:])
	if !ok || strings.TrimSpace(rest) != "" {
		return nil, false
	}
	toks := []Token{
		{ClassMethod, l[:m]}, {ClassText, l[m:t]},
		{ClassTarget, l[t:te]}, {ClassText, l[te : te+sp2]},
	}
	toks = append(toks, vt...)
	return appendText(toks, rest), true
}
