package schema

import (
	"go/types"
	"reflect"
	"strings"
	"unicode"
)

// jsonTag is a struct field's json tag as encoding/json reads it.
type jsonTag struct {
	// skip is `json:"-"`: the field never reaches the JSON.
	skip bool
	// name is the tag's name, "" when absent or not a valid JSON name (then
	// encoding/json uses the Go name and treats the field as untagged).
	name      string
	omitEmpty bool
	omitZero  bool
	// str is the string option as written; whether it takes effect
	// depends on the field's type.
	str bool
	// present says the field has a json key in its tag at all.
	present bool
}

// knownOptions are the json tag options encoding/json acts on.
var knownOptions = map[string]bool{"omitempty": true, "omitzero": true, "string": true}

// parseJSONTag reads field v's json tag the way encoding/json does
// (encode.go typeFields, tags.go parseTag, isValidTag), and reports what
// encoding/json would silently ignore but the user surely did not mean:
// a malformed tag and unknown options.
func (l *loader) parseJSONTag(v *types.Var, raw string) jsonTag {
	value, ok := reflect.StructTag(raw).Lookup("json")
	if !ok {
		if strings.Contains(raw, "json:") {
			l.fail(l.objPos(v), "malformed struct tag `%s` on field %s: "+fixStart+"write it as json:\"name,options\" with no space after the colon, separated from other keys by spaces", raw, v.Name())
		}
		return jsonTag{}
	}
	t := jsonTag{present: true}
	if value == "-" {
		t.skip = true
		return t
	}
	name, opts, _ := strings.Cut(value, ",")
	if isValidTag(name) {
		t.name = name
	}
	for opt := range strings.SplitSeq(opts, ",") {
		switch {
		case opt == "":
		case !knownOptions[opt]:
			l.fail(l.objPos(v), "unknown json tag option %q on field %s: "+fixStart+"the options are omitempty, omitzero and string", opt, v.Name())
		case opt == "omitempty":
			t.omitEmpty = true
		case opt == "omitzero":
			t.omitZero = true
		case opt == "string":
			t.str = true
		}
	}
	return t
}

// isValidTag is encoding/json's rule for a tag name: letters, digits and
// some punctuation; quotes, backslashes and commas are reserved.
func isValidTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// quotable reports whether the string option takes effect on a field of
// type t: encoding/json quotes only bool, integer, float and string kinds,
// looking through one unnamed pointer.
func quotable(t types.Type) bool {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return false
	}
	return b.Info()&(types.IsBoolean|types.IsInteger|types.IsFloat|types.IsString) != 0 && b.Info()&types.IsComplex == 0
}
