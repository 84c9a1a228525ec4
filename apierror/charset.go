package apierror

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// cp1252 maps the bytes 0x80–0x9F of Windows-1252 (which browsers and
// servers use for "iso-8859-1") to their characters; 0 where none.
var cp1252 = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// charset returns the lower-case charset parameter of a Content-Type.
func charset(ct string) string {
	for _, p := range strings.Split(ct, ";")[1:] {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "charset") {
			return strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'`))
		}
	}
	return ""
}

// toUTF8 converts a body in a declared single-byte charset (ISO-8859-1,
// Windows-1252) or in UTF-16 with a byte order mark to UTF-8. It returns
// the body and the name of the charset it converted from, "" when it
// left the body as it was.
func toUTF8(b []byte, cs string) ([]byte, string) {
	if u, ok := fromUTF16(b); ok {
		return u, "UTF-16"
	}
	switch cs {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1", "windows-1252", "cp1252", "us-ascii":
	default:
		return b, ""
	}
	if utf8.Valid(b) && !bytes.ContainsFunc(b, func(r rune) bool { return r >= 0x80 }) {
		return b, "" // plain ASCII reads the same
	}
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		r := rune(c)
		if c >= 0x80 && c < 0xa0 && cp1252[c-0x80] != 0 {
			r = cp1252[c-0x80]
		}
		out = utf8.AppendRune(out, r)
	}
	name := "ISO-8859-1"
	if strings.Contains(cs, "1252") {
		name = "Windows-1252"
	}
	return out, name
}

// fromUTF16 converts UTF-16 text that starts with a byte order mark (as
// Windows PowerShell writes files) to UTF-8; ok is false without one.
func fromUTF16(b []byte) ([]byte, bool) {
	if len(b) < 2 || !(b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff) {
		return b, false
	}
	big := b[0] == 0xfe
	b = b[2:]
	units := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if big {
			units = append(units, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			units = append(units, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	out := make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out, true
}
