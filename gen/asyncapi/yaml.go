package asyncapi

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// node is a YAML value: an ordered mapping, a sequence or a scalar. The
// document is built as nodes so that member order is the document's, not
// a map's.
type node interface{ isNode() }

// mapping is an ordered YAML mapping.
type mapping struct {
	keys []string
	vals []node
}

// seq is a YAML sequence.
type seq []node

// str, num and boolean are scalars.
type (
	str     string
	num     string // a JSON number, written as it is
	boolean bool
)

func (*mapping) isNode() {}
func (seq) isNode()      {}
func (str) isNode()      {}
func (num) isNode()      {}
func (boolean) isNode()  {}

// set appends key: value, or replaces the value of an existing key.
func (m *mapping) set(key string, v node) *mapping {
	for i, k := range m.keys {
		if k == key {
			m.vals[i] = v
			return m
		}
	}
	m.keys = append(m.keys, key)
	m.vals = append(m.vals, v)
	return m
}

// obj builds a mapping from alternating keys and values.
func obj(kv ...any) *mapping {
	out := &mapping{}
	for i := 0; i+1 < len(kv); i += 2 {
		out.set(kv[i].(string), kv[i+1].(node))
	}
	return out
}

func integer(n int64) num { return num(strconv.FormatInt(n, 10)) }

// plainKey matches keys that YAML reads as the same string unquoted.
var plainKey = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_.$-]*$`)

// reservedPlain are plain words YAML 1.1 readers take for other types.
var reservedPlain = map[string]bool{"true": true, "false": true, "null": true, "yes": true, "no": true, "on": true, "off": true, "y": true, "n": true}

func key(k string) string {
	if plainKey.MatchString(k) && !reservedPlain[strings.ToLower(k)] {
		return k
	}
	return quoteJSON(k)
}

// quoteJSON is s as a double-quoted scalar: JSON's escapes are YAML's.
func quoteJSON(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// scalar renders a scalar; multi-line strings become literal blocks when
// their lines allow it.
func scalar(v node, indent string) string {
	switch v := v.(type) {
	case str:
		s := string(v)
		if strings.Contains(s, "\n") && blockSafe(s) {
			lines := strings.Split(s, "\n")
			var b strings.Builder
			b.WriteString("|-")
			for _, l := range lines {
				b.WriteString("\n")
				if l != "" {
					b.WriteString(indent + "  " + l)
				}
			}
			return b.String()
		}
		return quoteJSON(s)
	case num:
		return string(v)
	case boolean:
		if v {
			return "true"
		}
		return "false"
	}
	return "null"
}

// blockSafe reports whether s reads back the same from a literal block:
// no line begins with a space or tab (which would need an indentation
// indicator), no trailing spaces, no control characters, no final newline.
func blockSafe(s string) bool {
	if strings.HasSuffix(s, "\n") {
		return false
	}
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") || strings.HasSuffix(l, " ") || strings.HasSuffix(l, "\t") {
			return false
		}
		for _, r := range l {
			if r < 0x20 && r != '\t' || r == 0x7f || r == 0xfeff || r == 0x85 || r == 0x2028 || r == 0x2029 {
				return false
			}
		}
	}
	return true
}

// write renders v as block YAML at the given indentation.
func write(b *strings.Builder, v node, indent string) {
	switch v := v.(type) {
	case *mapping:
		for i, k := range v.keys {
			b.WriteString(indent + key(k) + ":")
			writeValue(b, v.vals[i], indent)
		}
	case seq:
		for _, e := range v {
			b.WriteString(indent + "-")
			switch e := e.(type) {
			case *mapping:
				if len(e.keys) == 0 {
					b.WriteString(" {}\n")
					continue
				}
				// The first member goes on the dash's line.
				var inner strings.Builder
				write(&inner, e, indent+"  ")
				b.WriteString(" " + strings.TrimPrefix(inner.String(), indent+"  "))
			case seq:
				if len(e) == 0 {
					b.WriteString(" []\n")
					continue
				}
				b.WriteString("\n")
				write(b, e, indent+"  ")
			default:
				b.WriteString(" " + scalar(e, indent) + "\n")
			}
		}
	}
}

// writeValue writes what follows "key:".
func writeValue(b *strings.Builder, v node, indent string) {
	switch v := v.(type) {
	case *mapping:
		if len(v.keys) == 0 {
			b.WriteString(" {}\n")
			return
		}
		b.WriteString("\n")
		write(b, v, indent+"  ")
	case seq:
		if len(v) == 0 {
			b.WriteString(" []\n")
			return
		}
		b.WriteString("\n")
		write(b, v, indent+"  ")
	default:
		b.WriteString(" " + scalar(v, indent) + "\n")
	}
}
