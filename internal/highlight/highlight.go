// Package highlight splits text a user pasted — a JSON body or a whole HTTP
// response — into tokens that carry chroma's CSS class names, so the
// playground can colour it with the same web/chroma.css that styles the
// build-time highlighted docs.
//
// It is deliberately tiny: no chroma import, no regular expressions, no I/O.
// It builds for js/wasm, is safe for concurrent use, never panics, runs in
// time linear in its input and looks at most [MaxInput] bytes; whatever lies
// beyond is returned as one unclassified token. For every input,
// concatenating the Text of the returned tokens reproduces the input
// exactly, so a UI can render tokens as text nodes (never as HTML) and lose
// nothing.
package highlight

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// MaxInput is the number of bytes the tokenizers classify; the rest of a
// longer input becomes one token with [ClassText].
const MaxInput = 256 << 10

// Class names, as chroma's HTML formatter writes them (chroma.StandardTypes
// in github.com/alecthomas/chroma/v2 types.go). The empty class means plain
// text: render it without a span.
const (
	ClassText        = ""    // chroma.Text: whitespace, plain bodies, text beyond MaxInput
	ClassError       = "err" // chroma.Error: bytes that are not valid here
	ClassPunctuation = "p"   // chroma.Punctuation: { } [ ] , :
	ClassKey         = "nt"  // chroma.NameTag: an object key (chroma's JSON lexer)
	ClassString      = "s2"  // chroma.LiteralStringDouble: a string value
	ClassInteger     = "mi"  // chroma.LiteralNumberInteger
	ClassFloat       = "mf"  // chroma.LiteralNumberFloat
	ClassConstant    = "kc"  // chroma.KeywordConstant: true, false, null

	ClassMethod     = "nf" // chroma.NameFunction: GET in a request line
	ClassTarget     = "nn" // chroma.NameNamespace: the request target
	ClassProtocol   = "kr" // chroma.KeywordReserved: HTTP in HTTP/1.1
	ClassOperator   = "o"  // chroma.Operator: the slash in HTTP/1.1, a header's colon
	ClassNumber     = "m"  // chroma.LiteralNumber: protocol version and status code
	ClassReason     = "ne" // chroma.NameException: the reason phrase ("Too Many Requests")
	ClassHeaderName = "n"  // chroma.Name: a header field name
	ClassHeaderVal  = "l"  // chroma.Literal: a header field value
)

// A Token is a run of input text and the chroma CSS class to render it
// with. Class is one of the Class constants; Text is never empty.
type Token struct {
	Class string
	Text  string
}

// limit splits s into the part to classify and the rest, cutting at a rune
// boundary so no character is split between a classified token and the
// plain tail.
func limit(s string) (head, tail string) {
	if len(s) <= MaxInput {
		return s, ""
	}
	cut := MaxInput
	for i := 0; i < utf8.UTFMax && cut > 0 && !utf8.RuneStart(s[cut]); i++ {
		cut--
	}
	return s[:cut], s[cut:]
}

// estimate guesses the number of tokens in s (about one per four bytes of
// dense JSON), so the token slice is allocated once.
func estimate(s string) int { return len(s)/4 + 2 }

func appendTail(toks []Token, tail string) []Token {
	if tail != "" {
		toks = append(toks, Token{ClassText, tail})
	}
	return toks
}

// JSON tokenizes src as JSON, as it is: it neither validates nor
// reformats (see [PrettyJSON]). Strings followed by a colon are keys
// ([ClassKey]); an unterminated string ends at the end of its line and is
// marked [ClassError], as is anything that cannot start a JSON value.
func JSON(src string) []Token {
	head, tail := limit(src)
	return appendTail(appendJSON(make([]Token, 0, estimate(head)), head), tail)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isDelim reports whether c ends a bare word (a literal or junk).
func isDelim(c byte) bool {
	switch c {
	case '{', '}', '[', ']', ',', ':', '"':
		return true
	}
	return isSpace(c)
}

func appendJSON(toks []Token, s string) []Token {
	i := 0
	for i < len(s) {
		c := s[i]
		start := i
		switch {
		case isSpace(c):
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			toks = append(toks, Token{ClassText, s[start:i]})
		case c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':':
			i++
			toks = append(toks, Token{ClassPunctuation, s[start:i]})
		case c == '"':
			end, ok := scanString(s, i)
			i = end
			class := ClassString
			switch {
			case !ok:
				class = ClassError
			case followedByColon(s, i):
				class = ClassKey
			}
			toks = append(toks, Token{class, s[start:i]})
		case c == '-' || isDigit(c):
			end, float, ok := scanNumber(s, i)
			i = end
			class := ClassInteger
			switch {
			case !ok:
				class = ClassError
			case float:
				class = ClassFloat
			}
			toks = append(toks, Token{class, s[start:i]})
		default:
			for i < len(s) && !isDelim(s[i]) {
				i++
			}
			class := ClassError
			switch s[start:i] {
			case "true", "false", "null":
				class = ClassConstant
			}
			toks = append(toks, Token{class, s[start:i]})
		}
	}
	return toks
}

// scanString scans the string starting at the quote s[i]. It returns the
// index after the closing quote, or, when the string is not closed on its
// line, the index of the line end (or len(s)) and ok == false.
func scanString(s string, i int) (end int, ok bool) {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) && s[i+1] != '\n' && s[i+1] != '\r' {
				i++
			}
		case '"':
			return i + 1, true
		case '\n', '\r':
			return i, false
		}
	}
	return len(s), false
}

// followedByColon reports whether the next non-space byte at or after i is
// a colon.
func followedByColon(s string, i int) bool {
	for ; i < len(s); i++ {
		if !isSpace(s[i]) {
			return s[i] == ':'
		}
	}
	return false
}

// scanNumber scans -?digits(.digits)?([eE][+-]?digits)? from s[i], then
// swallows any word characters glued to it (so "12abc" is one token). ok is
// false when the result is not a JSON number.
func scanNumber(s string, i int) (end int, float, ok bool) {
	digits := func() int {
		n := 0
		for i < len(s) && isDigit(s[i]) {
			i++
			n++
		}
		return n
	}
	ok = true
	if s[i] == '-' {
		i++
	}
	if digits() == 0 {
		ok = false
	}
	if i < len(s) && s[i] == '.' {
		i++
		float = true
		if digits() == 0 {
			ok = false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		float = true
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			ok = false
		}
	}
	for i < len(s) && !isDelim(s[i]) {
		i++
		ok = false
	}
	return i, float, ok
}

// PrettyJSON indents src with two spaces when it is one valid JSON value
// (surrounding white space allowed) and reports whether it was.
// Otherwise it returns src unchanged and false.
func PrettyJSON(src string) (string, bool) {
	t := strings.TrimSpace(src)
	if t == "" || !json.Valid([]byte(t)) {
		return src, false
	}
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(t), "", "  "); err != nil {
		return src, false
	}
	return b.String(), true
}
