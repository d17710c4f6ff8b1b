package client

import "unicode/utf8"

// replacement is U+FFFD encoded as UTF-8.
const replacement = "\uFFFD"

// decodeUTF8 returns b with every invalid sequence replaced as the WHATWG
// Encoding standard's UTF-8 decoder does it: one U+FFFD per maximal subpart
// of an ill-formed sequence. bytes.ToValidUTF8 folds a whole run of bad bytes
// into one U+FFFD and utf8.DecodeRune yields one per byte, so neither gives
// what a browser shows for the same stream.
//
// The result is b itself when b is valid, so the common case costs a scan.
func decodeUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out := make([]byte, 0, len(b)+8)
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		need, lower, upper := leadByte(c)
		if need == 0 {
			out = append(out, replacement...)
			i++
			continue
		}
		// Consume continuation bytes while they fit; the first one that does
		// not ends the maximal subpart and is looked at again as a lead.
		j := i + 1
		for n := 0; n < need; n++ {
			if j >= len(b) || b[j] < lower || b[j] > upper {
				break
			}
			lower, upper = 0x80, 0xBF
			j++
		}
		if j-i == need+1 {
			out = append(out, b[i:j]...)
		} else {
			out = append(out, replacement...)
		}
		i = j
	}
	return out
}

// leadByte classifies a non-ASCII byte as the decoder's first step does: the
// number of continuation bytes it needs and the range the first of them must
// fall in (narrowed to exclude overlong forms, surrogates and code points
// above U+10FFFF). need is 0 for a byte that cannot start a sequence.
func leadByte(c byte) (need int, lower, upper byte) {
	switch {
	case c >= 0xC2 && c <= 0xDF:
		return 1, 0x80, 0xBF
	case c == 0xE0:
		return 2, 0xA0, 0xBF
	case c == 0xED:
		return 2, 0x80, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		return 2, 0x80, 0xBF
	case c == 0xF0:
		return 3, 0x90, 0xBF
	case c == 0xF4:
		return 3, 0x80, 0x8F
	case c >= 0xF1 && c <= 0xF3:
		return 3, 0x80, 0xBF
	}
	return 0, 0, 0
}
