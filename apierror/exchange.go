package apierror

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/errscope/errscope/redact"
)

// Limits of reading one paste with [ReadExchanges]. They bound memory
// whatever the paste's size.
const (
	// MaxString is the most bytes kept of one string of a HAR file (a
	// response body, a header value, a URL): enough for a base64-encoded
	// body of [MaxBody] bytes. Longer strings are cut.
	MaxString = 4*(1<<20)/3 + 4<<10
	// MaxChunk is the most bytes kept of one chunk of a text paste: one
	// raw response with its request, or one log line with the JSON body
	// that follows it. Longer chunks are cut.
	MaxChunk = 1<<20 + 64<<10
)

// An Exchange is one response, or one transport failure, found in a paste,
// with what the paste said about its request. [ReadExchanges] yields them;
// [Exchange.Decode] decodes the error responses among them.
type Exchange struct {
	// Where is where in the paste the exchange begins: "line 12" of a
	// text, "entry 3" of a HAR file.
	Where string
	// Format is how the paste wrote it down.
	Format Format
	Method string // request method, upper case; "" when the paste does not say
	URL    string // request URL or path as the paste gave it, redacted
	Proto  string // "HTTP/1.1", "HTTP/2"; "" when unknown
	// Status is the HTTP status; 0 when the paste does not say (a bare
	// body, a log line without one).
	Status int
	Header Header // response headers; nil when the paste has none
	// Body is the response body as the paste held it (a log line's
	// escaped body unquoted, a HAR body base64-decoded), redacted unless
	// it is compressed.
	Body []byte
	// Time is when the request started (HAR), the log line's time, or the
	// response's Date header; zero when unknown. End is when the response
	// arrived (HAR), else Time. Coarse reports whole-second precision.
	Time, End      time.Time
	Coarse         bool
	IdempotencyKey string // the request's Idempotency-Key, redacted
	// BodyHash is a hash of the request body (HAR postData), 0 if none:
	// two attempts of the same request have the same one.
	BodyHash uint64
	// NoResponse reports a transport failure: the request got no HTTP
	// response. NetError is the failure as the paste said it
	// ("net::ERR_CONNECTION_RESET", "curl: (28) Operation timed out"), ""
	// when it said nothing (a HAR entry with status 0).
	NoResponse bool
	NetError   string
	// Problems are what could not be read of this exchange ("line 3: the
	// text starting here is longer than 1088 KiB; only its start was
	// read"); those of lines that gave no exchange are on the [Reading].
	Problems []string
}

// Format is how a paste wrote an exchange down.
type Format string

// The formats of an [Exchange].
const (
	FormatHAR    Format = "har"    // an entry of a HAR file
	FormatRaw    Format = "raw"    // raw HTTP: curl -i, curl -v, a dump of requests and responses
	FormatJSON   Format = "json"   // a JSON body on its own
	FormatRecord Format = "record" // a JSON log record (pino, zap, bunyan, slog's JSON handler; NDJSON)
	FormatLogfmt Format = "logfmt" // a key=value log line (logfmt, slog's text handler)
	FormatLog    Format = "log"    // a plain log line, a panic or a traceback
	FormatHTML   Format = "html"   // an HTML page on its own (a proxy's error page)
	FormatBody   Format = "text"   // a paste that matched nothing else, read as one body
)

// The kinds of paste a [Reading] can come from.
const (
	InputHAR   = "har"   // a HAR file (JSON with log.entries)
	InputText  = "text"  // raw responses, curl output, log lines or JSON bodies
	InputEmpty = "empty" // nothing but white space
)

// A Reading is what [ReadExchanges] found in a paste besides its exchanges.
type Reading struct {
	// Input is the kind of paste: InputHAR, InputText or InputEmpty.
	Input string
	// Bytes is how many bytes were read.
	Bytes int64
	// Truncated reports that the paste ended in the middle of a HAR file.
	Truncated bool
	// Skipped counts the lines and records of a text paste that described
	// no response (a log line without a status, a JSON list).
	Skipped int
	// Notes are problems of the paste as a whole (a cut HAR file, a cap
	// that was hit); Problems are those of single lines and entries, each
	// starting with where it was ("line 4: …").
	Notes, Problems []string
}

func (rd *Reading) note(format string, args ...any) {
	p := fmt.Sprintf(format, args...)
	if !slices.Contains(rd.Notes, p) {
		rd.Notes = append(rd.Notes, p)
	}
}

func (rd *Reading) problem(format string, args ...any) {
	p := fmt.Sprintf(format, args...)
	if len(rd.Problems) < 1000 && !slices.Contains(rd.Problems, p) {
		rd.Problems = append(rd.Problems, p)
	}
}

// headSize is how much of the paste is looked at to tell a HAR file from
// text.
const headSize = 64 << 10

// countReader counts the bytes read and keeps the first read error that is
// not io.EOF.
type countReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}

// errStop ends reading when yield asked to stop.
var errStop = fmt.Errorf("stopped")

// ReadExchanges reads a paste from r as a stream — a HAR file, raw
// responses (curl -i, curl -v, several back to back), JSON bodies, NDJSON
// or JSON log records, logfmt and slog text lines, plain log lines, Go
// panics and Python tracebacks — and calls yield with each exchange it
// finds, in order, until yield returns false. Memory stays bounded
// whatever the size of the paste (see [MaxString] and [MaxChunk]).
//
// The paste is redacted where it is read, with red (which may be nil):
// every exchange's URL, headers and body come redacted, and red learns the
// credentials seen, to remove them wherever else they appear.
//
// The error is non-nil only when reading r failed; the exchanges before the
// failure were yielded.
func ReadExchanges(r io.Reader, red *redact.Redactor, yield func(*Exchange) bool) (Reading, error) {
	if red == nil {
		red = new(redact.Redactor)
	}
	p := &pasteReader{red: red, yield: yield}
	err := p.run(r)
	return p.rd, err
}

// readMemory is [ReadExchanges] of a paste held in memory, as [ReadAll]
// has it: the lines of a text are then parts of it, not copies.
func readMemory(in []byte, red *redact.Redactor, yield func(*Exchange) bool) Reading {
	return readMemoryHow(in, red, yield, false)
}

// readMemoryHow is readMemory, following a raw body's nesting line by line
// when eagerBody is set (see pasteReader.eagerBody).
func readMemoryHow(in []byte, red *redact.Redactor, yield func(*Exchange) bool, eagerBody bool) Reading {
	if red == nil {
		red = new(redact.Redactor)
	}
	p := &pasteReader{red: red, yield: yield, mem: in, eagerBody: eagerBody}
	p.run(bytes.NewReader(in)) // reading memory does not fail
	return p.rd
}

// pasteReader holds the state of one ReadExchanges.
type pasteReader struct {
	red   *redact.Redactor
	yield func(*Exchange) bool
	rd    Reading
	stop  bool
	// last is the last raw exchange's request and status, carried to the
	// response that follows a redirect or an informational response.
	last *Exchange
	// pending is a problem of the chunk being read, for the exchange it
	// yields.
	pending string
	// mem is the whole paste when it is in memory (see readMemory).
	mem []byte
	// eagerBody makes the chunker follow a raw body's nesting line by
	// line as it comes, not when asked: the slow way, which tests
	// compare with the other.
	eagerBody bool
	// own reports that the chunk being read is the exchange's to keep;
	// else it is a buffer the next chunk reuses, and what an exchange
	// keeps of it is copied (see keep).
	own bool
}

// keep returns b, a part of the chunk being read, as the exchange may keep
// it: b itself when the chunk is the exchange's, else a copy.
func (p *pasteReader) keep(b []byte) []byte {
	if p.own {
		return b
	}
	return bytes.Clone(b)
}

// emit passes one exchange to yield.
func (p *pasteReader) emit(x *Exchange) {
	if p.stop {
		return
	}
	if x.End.IsZero() {
		x.End = x.Time
	}
	if p.pending != "" {
		x.Problems = append(x.Problems, p.pending)
		p.pending = ""
	}
	if !p.yield(x) {
		p.stop = true
	}
}

func (p *pasteReader) run(r io.Reader) error {
	cr := &countReader{r: r}
	br := bufio.NewReaderSize(cr, headSize)
	defer func() { p.rd.Bytes = cr.n }()
	bom := false
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	} else if len(b) >= 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff) {
		// UTF-16 with a byte order mark, as Windows PowerShell writes.
		bom = true
		br = bufio.NewReaderSize(utf16Reader(br), headSize)
	}
	for {
		c, err := br.ReadByte()
		if err != nil {
			p.rd.Input = InputEmpty
			if cr.err == nil {
				p.rd.note("the paste is empty")
				return nil
			}
			return fmt.Errorf("apierror: reading the paste: %w", cr.err)
		}
		if !isSpace(c) && c != '\f' {
			br.UnreadByte()
			break
		}
	}
	if bom {
		p.rd.note("the paste is UTF-16 text (as Windows PowerShell writes); read as UTF-8")
	}
	head, _ := br.Peek(headSize)
	if looksLikeHAR(head) {
		p.rd.Input = InputHAR
		p.readHAR(br)
	} else {
		p.rd.Input = InputText
		lines := textLines{br: br}
		if p.mem != nil && !bom {
			// The rest of the paste is in memory after what br holds.
			lines = textLines{mem: p.mem[cr.n-int64(br.Buffered()):]}
			cr.n = int64(len(p.mem))
		}
		p.readText(lines)
	}
	if cr.err != nil {
		p.rd.note("reading the paste failed after %d bytes; what was read before is shown", cr.n)
		return fmt.Errorf("apierror: reading the paste: %w", cr.err)
	}
	return nil
}

// looksLikeHAR reports whether the start of the paste is a HAR file: a JSON
// object whose first key is "log", or one that mentions both "log" and
// "entries" early on.
func looksLikeHAR(head []byte) bool {
	if len(head) == 0 || head[0] != '{' {
		return false
	}
	rest := bytes.TrimLeft(head[1:], " \t\r\n")
	if bytes.HasPrefix(rest, []byte(`"log"`)) {
		return true
	}
	return bytes.Contains(head, []byte(`"log"`)) && bytes.Contains(head, []byte(`"entries"`))
}

// Decode decodes the exchange when it is an error response, and reports
// whether it is one: a status of 400 or more, a 2xx whose body says
// "status":"error", or a body without a status (a pasted body alone).
// Informational and redirect responses, successes, requests without a
// response and transport failures are not decoded. opt.Method is used when
// the exchange names no method.
//
// This is the one rule by which the decoder ([ReadAll]) and triage tell an
// error from the rest.
func (x *Exchange) Decode(opt Options) (*Error, bool) {
	st := x.Status
	switch {
	case x.NoResponse:
		return nil, false
	case st == 0 && len(bytes.TrimSpace(x.Body)) == 0:
		return nil, false // a request without a response
	case st != 0 && st < 200, st >= 300 && st < 400:
		return nil, false
	case st >= 200 && st < 300 && !mayBeStatusError(x.Body):
		return nil, false
	}
	var titled string
	if st == 0 {
		if st = titleStatus(x.Body); st != 0 {
			titled = "no status line in the paste; the HTML page's title says " + itoa(st)
		}
	}
	d := decodePasted(st, x.Header, x.Body, opt, x.Method, x.Time)
	if titled != "" {
		d.e.Problems = append([]string{titled}, d.e.Problems...)
	}
	if st >= 200 && st < 300 && !d.statusError {
		return nil, false
	}
	if len(x.Problems) > 0 {
		d.e.Problems = append(slices.Clone(x.Problems), d.e.Problems...)
	}
	return d.e, true
}

// titleStatus is the status an HTML error page names in its title, as
// proxies write them ("<title>502 Bad Gateway</title>"), or 0.
func titleStatus(body []byte) int {
	t := bytes.TrimSpace(body)
	if len(t) == 0 || t[0] != '<' {
		return 0
	}
	title := tagText(t, "title")
	if len(title) < 3 || title[0] < '1' || title[0] > '5' || !isDigit(title[1]) || !isDigit(title[2]) || len(title) > 3 && isWord(title[3]) {
		return 0
	}
	return int(title[0]-'0')*100 + int(title[1]-'0')*10 + int(title[2]-'0')
}

// mayBeStatusError is a cheap check that a 2xx body may say
// "status":"error" (or be compressed, and say it once inflated).
func mayBeStatusError(b []byte) bool {
	return bytes.Contains(b, []byte(`"status"`)) || len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b
}

// utf16Reader decodes UTF-16 text that starts with a byte order mark to
// UTF-8 as it is read, with [fromUTF16] on blocks of whole code units.
func utf16Reader(r io.Reader) io.Reader { return &u16Reader{r: r} }

type u16Reader struct {
	r     io.Reader
	bom   []byte // the byte order mark, once read
	carry []byte // bytes of a code unit or surrogate pair not yet whole
	out   []byte
	buf   []byte
	err   error
}

func (u *u16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 && u.err == nil {
		if u.bom == nil {
			u.bom = make([]byte, 2)
			if _, err := io.ReadFull(u.r, u.bom); err != nil {
				u.err = io.EOF
				break
			}
		}
		if u.buf == nil {
			u.buf = make([]byte, 32<<10)
		}
		n, err := u.r.Read(u.buf)
		buf := u.buf
		blk := append(u.carry, buf[:n]...)
		u.carry = nil
		if err != nil {
			u.err = err
		} else {
			keep := len(blk) % 2
			if k := len(blk) - keep; k >= 2 {
				hi := uint16(blk[k-1])<<8 | uint16(blk[k-2])
				if u.bom[0] == 0xfe {
					hi = uint16(blk[k-2])<<8 | uint16(blk[k-1])
				}
				if hi >= 0xd800 && hi < 0xdc00 {
					keep += 2 // a high surrogate waits for its pair
				}
			}
			u.carry = append([]byte(nil), blk[len(blk)-keep:]...)
			blk = blk[:len(blk)-keep]
		}
		u.out, _ = fromUTF16(append(slices.Clone(u.bom), blk...))
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	if n == 0 {
		return 0, u.err
	}
	return n, nil
}

// whereLine names a line of a text paste.
func whereLine(n int) string { return "line " + itoa(n) }
