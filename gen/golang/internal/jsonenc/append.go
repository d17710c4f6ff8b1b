// Package jsonenc is the source of the JSON helpers that ssegen copies into
// every generated package. It lives here as a real package so that the
// helpers are compiled, vetted and tested against encoding/json once;
// gen/golang embeds this file and appends everything after its imports to
// the generated ssegen.gen.go, so generated code needs no ssegen import.
package jsonenc

//lint:file-ignore U1000 the helpers are unused here: gen/golang copies them into every generated package, which calls them.

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// ssegenHex is the digit set encoding/json uses in \u00XX escapes.
const ssegenHex = "0123456789abcdef"

// ssegenSafe marks the bytes that encoding/json writes unescaped in a
// string when it escapes HTML: ASCII printables (and DEL) but ", \, <, >
// and &. Bytes of multi-byte runes are not marked: they need a look. The
// table has all 256 entries so that the scan needs no range check.
var ssegenSafe = [256]bool{
	' ': true, '!': true, '#': true, '$': true, '%': true, '\'': true,
	'(': true, ')': true, '*': true, '+': true, ',': true, '-': true,
	'.': true, '/': true, '0': true, '1': true, '2': true, '3': true,
	'4': true, '5': true, '6': true, '7': true, '8': true, '9': true,
	':': true, ';': true, '=': true, '?': true, '@': true, 'A': true,
	'B': true, 'C': true, 'D': true, 'E': true, 'F': true, 'G': true,
	'H': true, 'I': true, 'J': true, 'K': true, 'L': true, 'M': true,
	'N': true, 'O': true, 'P': true, 'Q': true, 'R': true, 'S': true,
	'T': true, 'U': true, 'V': true, 'W': true, 'X': true, 'Y': true,
	'Z': true, '[': true, ']': true, '^': true, '_': true, '`': true,
	'a': true, 'b': true, 'c': true, 'd': true, 'e': true, 'f': true,
	'g': true, 'h': true, 'i': true, 'j': true, 'k': true, 'l': true,
	'm': true, 'n': true, 'o': true, 'p': true, 'q': true, 'r': true,
	's': true, 't': true, 'u': true, 'v': true, 'w': true, 'x': true,
	'y': true, 'z': true, '{': true, '|': true, '}': true, '~': true,
	'\u007f': true,
}

// ssegenAppendString appends s as a JSON string exactly as encoding/json
// writes it: HTML characters, U+2028 and U+2029 escaped, invalid UTF-8
// replaced by \ufffd. It takes the text a MarshalText method returns as it
// is, without a copy.
func ssegenAppendString[S string | []byte](b []byte, s S) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		for i < len(s) && ssegenSafe[s[i]] {
			i++
		}
		if i >= len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', ssegenHex[c>>4], ssegenHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		// At most one rune's bytes, so that converting a []byte
		// needs no allocation.
		n := min(len(s)-i, utf8.UTFMax)
		r, size := utf8.DecodeRuneInString(string(s[i : i+n]))
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', ssegenHex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// ssegenAppendText appends the JSON of v as encoding/json writes a value
// whose type has MarshalText: the text as a JSON string. typ names the
// type in the error.
func ssegenAppendText[T encoding.TextMarshaler](b []byte, v T, typ string) ([]byte, error) {
	text, err := v.MarshalText()
	if err != nil {
		return b, &ssegenMarshalerError{typ: typ, method: "MarshalText", err: err}
	}
	return ssegenAppendString(b, text), nil
}

// ssegenAppendMarshalJSON appends the JSON of v as encoding/json writes a
// value whose type has MarshalJSON: what the method returns, validated,
// compacted and HTML-escaped. typ names the type in the error.
func ssegenAppendMarshalJSON[T json.Marshaler](b []byte, v T, typ string) ([]byte, error) {
	raw, err := v.MarshalJSON()
	if err == nil {
		var out []byte
		if out, err = ssegenAppendCompact(b, raw); err == nil {
			return out, nil
		}
	}
	return b, &ssegenMarshalerError{typ: typ, method: "MarshalJSON", err: err}
}

// ssegenMarshalerError is the error of a type's own JSON or text method,
// worded as encoding/json words its MarshalerError.
type ssegenMarshalerError struct {
	typ, method string
	err         error
}

func (e *ssegenMarshalerError) Error() string {
	return "json: error calling " + e.method + " for type " + e.typ + ": " + e.err.Error()
}

func (e *ssegenMarshalerError) Unwrap() error { return e.err }

// ssegenTextKey is a map key with the text its MarshalText gives it.
type ssegenTextKey[K any] struct {
	text string
	key  K
}

// ssegenTextKeys returns the keys of m with their texts, sorted by text,
// as encoding/json orders the members of a map whose key type has
// MarshalText; typ is the map's type for the error.
func ssegenTextKeys[K interface {
	comparable
	encoding.TextMarshaler
}, V any](m map[K]V, typ string) ([]ssegenTextKey[K], error) {
	keys := make([]ssegenTextKey[K], 0, len(m))
	for k := range m {
		text, err := k.MarshalText()
		if err != nil {
			return nil, errors.New("json: encoding error for type " + strconv.Quote(typ) + ": " + strconv.Quote(err.Error()))
		}
		keys = append(keys, ssegenTextKey[K]{string(text), k})
	}
	slices.SortFunc(keys, func(x, y ssegenTextKey[K]) int { return strings.Compare(x.text, y.text) })
	return keys, nil
}

// ssegenAppendQuotedString appends s the way encoding/json writes a string
// field with the `string` tag option: the JSON string of s, itself written
// as a JSON string. It escapes in place instead of through a scratch
// buffer so that it does not allocate.
func ssegenAppendQuotedString(b []byte, s string) []byte {
	b = append(b, '"')
	start := len(b)
	b = ssegenAppendString(b, s)
	end := len(b)
	// The inner string holds no control characters, U+2028 or U+2029
	// (all escaped already), so only quotes and backslashes need a
	// second escape.
	extra := 0
	for _, c := range b[start:end] {
		if c == '"' || c == '\\' {
			extra++
		}
	}
	b = append(b, make([]byte, extra)...)
	j := len(b) - 1
	for i := end - 1; i >= start && j > i; i-- {
		c := b[i]
		b[j] = c
		j--
		if c == '"' || c == '\\' {
			b[j] = '\\'
			j--
		}
	}
	return append(b, '"')
}

// ssegenAppendBytes appends p as encoding/json writes a []byte: a base64
// (standard encoding) string, or null for a nil slice.
func ssegenAppendBytes(b []byte, p []byte) []byte {
	if p == nil {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, p)
	return append(b, '"')
}

// ssegenAppendFloat appends f as encoding/json writes a float of the given
// bit size: the shortest representation, in exponent form only below 1e-6
// or from 1e21 on, with a two-digit negative exponent shortened (1e-7, not
// 1e-07). NaN and infinities are not JSON and give an error.
func ssegenAppendFloat(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, errors.New("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, bits))
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// ssegenAppendTime appends t as its MarshalJSON method writes it: an
// RFC 3339 string with nanoseconds, or an error for years outside
// [0,9999] and zone offsets of 24 hours or more.
func ssegenAppendTime(b []byte, t time.Time) ([]byte, error) {
	out, err := t.AppendText(append(b, '"'))
	if err != nil {
		return b, errors.New("json: error calling MarshalJSON for type time.Time: " + err.Error())
	}
	return append(out, '"'), nil
}

// ssegenAppendRawJSON appends raw as encoding/json writes a
// json.RawMessage: null when nil, otherwise validated, compacted and
// HTML-escaped; invalid JSON (an empty message too) is an error.
func ssegenAppendRawJSON(b []byte, raw json.RawMessage) ([]byte, error) {
	if raw == nil {
		return append(b, "null"...), nil
	}
	out, err := ssegenAppendCompact(b, raw)
	if err != nil {
		return b, errors.New("json: error calling MarshalJSON for type json.RawMessage: " + err.Error())
	}
	return out, nil
}

// ssegenAppendCompact appends raw as encoding/json writes what a
// MarshalJSON method returned: validated, compacted and HTML-escaped.
// On error b is returned as it was.
func ssegenAppendCompact(b []byte, raw []byte) ([]byte, error) {
	n := len(b)
	buf := bytes.NewBuffer(b)
	if err := json.Compact(buf, raw); err != nil {
		return b[:n], err
	}
	b = buf.Bytes()
	// <, >, & and U+2028/U+2029 can only occur inside strings of valid
	// JSON, so escaping them over the compacted bytes is what
	// encoding/json does while compacting.
	for i := n; i < len(b); i++ {
		if c := b[i]; c == '<' || c == '>' || c == '&' || c == 0xE2 {
			return ssegenEscapeHTML(b[:i], bytes.Clone(b[i:])), nil
		}
	}
	return b, nil
}

// ssegenEscapeHTML appends src with <, >, & and U+2028/U+2029 escaped as
// encoding/json's HTMLEscape does.
func ssegenEscapeHTML(b, src []byte) []byte {
	start := 0
	for i, c := range src {
		if c == '<' || c == '>' || c == '&' {
			b = append(b, src[start:i]...)
			b = append(b, '\\', 'u', '0', '0', ssegenHex[c>>4], ssegenHex[c&0xF])
			start = i + 1
		}
		if c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8 {
			b = append(b, src[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', ssegenHex[src[i+2]&0xF])
			start = i + len("\u2029")
		}
	}
	return append(b, src[start:]...)
}

// ssegenCompareIntKeys orders two integer map keys by their decimal form,
// as encoding/json sorts map keys (so 10 comes before 9).
func ssegenCompareIntKeys(x, y int64) int {
	var xa, ya [20]byte
	return bytes.Compare(strconv.AppendInt(xa[:0], x, 10), strconv.AppendInt(ya[:0], y, 10))
}

// ssegenCompareUintKeys is ssegenCompareIntKeys for unsigned keys.
func ssegenCompareUintKeys(x, y uint64) int {
	var xa, ya [20]byte
	return bytes.Compare(strconv.AppendUint(xa[:0], x, 10), strconv.AppendUint(ya[:0], y, 10))
}

// ssegenScratch holds encoding buffers for callers whose own buffer is too
// small: encoding there and copying the result once costs one allocation
// of the exact size, where growing the caller's buffer would cost several.
var ssegenScratch = sync.Pool{New: func() any { return new([]byte) }}

// ssegenMaxScratch is the largest buffer kept for reuse, so that one huge
// event does not pin its memory in the pool.
const ssegenMaxScratch = 64 << 10

// ssegenGetScratch returns an empty buffer from the pool.
func ssegenGetScratch() *[]byte {
	return ssegenScratch.Get().(*[]byte)
}

// ssegenPutScratch returns used, the grown form of *p, to the pool.
func ssegenPutScratch(p *[]byte, used []byte) {
	if cap(used) > ssegenMaxScratch {
		return
	}
	*p = used[:0]
	ssegenScratch.Put(p)
}
