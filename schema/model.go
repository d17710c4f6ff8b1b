// Package schema reads the Go event structs of a models package and builds
// the checked Model that every ssegen generator renders.
//
// The model is plain data: it knows Go source (names, tags, positions) and
// nothing about Go, Elm or JS output. Generators read it; they never see
// go/types.
package schema

import "strings"

// Model describes every stream of one models package.
type Model struct {
	// Package is the models package the streams are declared in.
	Package Package `json:"package"`
	// Streams are sorted by name.
	Streams []*Stream `json:"streams"`
	// Records are the struct types that events use but that are not events
	// themselves, sorted by name. Event structs live in their stream.
	Records []*Record `json:"records"`
	// Enums are the enum types that events use, sorted by name.
	Enums []*Enum `json:"enums"`
}

// Package identifies a Go package.
type Package struct {
	// Path is the import path, e.g. "example.com/app/models/sse".
	Path string `json:"path"`
	// Name is the package name, e.g. "sse".
	Name string `json:"name"`
	// Dir is the directory of the package's files.
	Dir string `json:"dir"`
}

// Stream is one `<name>_sse.go` file: a set of events sharing a channel
// template and an auth requirement.
type Stream struct {
	// Name comes from the file name: comment_sse.go is "comment".
	Name string `json:"name"`
	// Doc is the comment above the file's package clause (directives removed).
	Doc string `json:"doc,omitempty"`
	// Channel is the channel template, nil for a global stream whose one
	// channel is named after the stream.
	Channel *Channel `json:"channel,omitempty"`
	// Auth is set by //ssegen:auth: subscribing needs the app's authorizer.
	Auth bool `json:"auth"`
	// HTML is set by //ssegen:html: the events that also go out as HTML
	// fragments, and the HTML stream they go out on (see html.go).
	HTML *HTML `json:"html,omitempty"`
	// Events are the exported structs of the file, in source order.
	Events []*Record `json:"events"`
	Pos    Pos       `json:"pos"`
}

// Channel is a template such as "item:{ItemID}".
type Channel struct {
	// Template is the directive's text, e.g. "item:{ItemID}".
	Template string `json:"template"`
	// Prefix is the constant part before the placeholder, e.g. "item:".
	Prefix string `json:"prefix"`
	// Field is the Go name of the key field every event has, e.g. "ItemID".
	Field string `json:"field"`
	// Key is the key field's type: a string or integer kind (maybe an enum
	// or a named type).
	Key *Type `json:"key"`
	Pos Pos   `json:"pos"`
}

// Record is a named struct type: an event, or a type an event uses.
type Record struct {
	// Name is the Go type name; it is also the event name on the wire.
	Name string `json:"name"`
	// PkgPath is the import path of the package that declares it.
	PkgPath string `json:"pkgPath"`
	Doc     string `json:"doc,omitempty"`
	// Fields are the JSON fields in encoding/json order, embedded structs
	// already flattened with encoding/json's dominance rules.
	Fields []*Field `json:"fields"`
	Pos    Pos      `json:"pos"`
	// UsedAt is set for a record of another module (the standard library,
	// the module cache): the user's field that first uses it. Generators
	// report problems with such a record there, with advice that does not
	// ask to change it, since the user cannot change its files.
	UsedAt Pos `json:"usedAt,omitzero"`
}

// Field is one JSON member of a record.
type Field struct {
	// GoName is the field's own Go name.
	GoName string `json:"goName"`
	// Path is the chain of Go field names from the record to this field,
	// through embedded structs: ["Base", "CreatedAt"]. For a field declared
	// directly on the record it is [GoName].
	Path []string `json:"path"`
	// JSONName is the member name encoding/json writes.
	JSONName string `json:"jsonName"`
	// OmitEmpty is the tag's omitempty option.
	OmitEmpty bool `json:"omitEmpty,omitempty"`
	// OmitZero is the tag's omitzero option.
	OmitZero bool `json:"omitZero,omitempty"`
	// String is the tag's string option (only effective on string, bool,
	// integer and float kinds, as in encoding/json; false otherwise).
	String bool   `json:"string,omitempty"`
	Type   *Type  `json:"type"`
	Doc    string `json:"doc,omitempty"`
	Pos    Pos    `json:"pos"`
}

// Kind is the JSON shape of a type.
type Kind string

// The kinds of type a field can have.
const (
	KindString  Kind = "string"  // string kinds
	KindBool    Kind = "bool"    // bool kinds
	KindInt     Kind = "int"     // signed integer kinds; Basic says which
	KindUint    Kind = "uint"    // unsigned integer kinds; Basic says which
	KindFloat   Kind = "float"   // float32 and float64; Basic says which
	KindTime    Kind = "time"    // time.Time, RFC 3339 string on the wire
	KindBytes   Kind = "bytes"   // []byte, base64 string on the wire
	KindRawJSON Kind = "rawjson" // json.RawMessage, any JSON value
	KindSlice   Kind = "slice"   // []Elem, null when nil
	KindArray   Kind = "array"   // [Len]Elem
	KindMap     Kind = "map"     // map[Key]Elem, null when nil, keys sorted
	KindPointer Kind = "pointer" // *Elem, null when nil
	KindRecord  Kind = "record"  // a named struct: Ref names it in Model
	KindEnum    Kind = "enum"    // an enum: Ref names it in Model
	KindText    Kind = "text"    // a type with its own MarshalText: a JSON string; see Type
	KindJSON    Kind = "json"    // a type with its own MarshalJSON: any JSON, or Form; see Type
)

// KindStruct appears only as Under.Kind: the Go type beneath the methods
// of a text or json type is a struct.
const KindStruct Kind = "struct"

// Type is the type of a field, or of an element, key or pointee.
//
// Types that write their own JSON, as encoding/json calls their methods:
//
//   - KindText: the type has MarshalText (encoding.TextMarshaler), so its
//     JSON is a string whose text the type's code makes (uuid.UUID,
//     netip.Addr, an enum with its own names). Named is the Go type,
//     Under what lies beneath. Frontends see a string; document the Go
//     type's name. As a map key (integer or non-string Go types only:
//     encoding/json writes string keys as they are) the text is the key.
//   - KindJSON: the type has MarshalJSON (json.Marshaler), which wins
//     over MarshalText. Named is the Go type, Under what lies beneath.
//     Form is the JSON form declared for the type (//ssegen:json, or
//     built in for well-known types such as decimal.Decimal and big.Int):
//     a Type of any other kind, whose shape frontends use. Without Form
//     the JSON is opaque: any value (Elm's Decode.Value, TypeScript's
//     unknown).
//
// Either kind may stand behind a pointer (KindPointer). The schema makes
// sure the method is callable wherever the value sits: a type whose
// method has a pointer receiver is only accepted behind a pointer, where
// encoding/json always calls it. Go generators call the method (on the
// pointer where there is one) and write what encoding/json writes;
// decoding needs nothing special, since encoding/json calls the type's
// UnmarshalText or UnmarshalJSON.
type Type struct {
	Kind Kind `json:"kind"`
	// Basic is the Go basic kind of string, bool, integer and float types:
	// "string", "int64", "uint8", "float32", ...
	Basic string `json:"basic,omitempty"`
	// Named is set when the Go type is a named type (other than a record,
	// enum, time.Time or json.RawMessage), such as `type UserID string`:
	// generated Go must use the name, the JSON shape is that of Kind. It
	// is always set for KindText and KindJSON.
	Named *TypeName `json:"named,omitempty"`
	// Ref is the Go name of the Record or Enum for those kinds.
	Ref string `json:"ref,omitempty"`
	// Elem is the element of slices, arrays and maps, and the pointee of pointers.
	Elem *Type `json:"elem,omitempty"`
	// Key is the key type of maps: a string or integer kind.
	Key *Type `json:"key,omitempty"`
	// Len is the length of arrays.
	Len int64 `json:"len,omitempty"`
	// Form is the declared JSON form of a KindJSON type, nil when the
	// JSON is opaque. It is never itself a KindJSON without Form.
	Form *Type `json:"form,omitempty"`
	// Under describes the Go type beneath a KindText or KindJSON type.
	Under *Under `json:"under,omitempty"`
}

// Under is what the omitempty and omitzero options see of a type that
// writes its own JSON: encoding/json judges emptiness by the Go value, not
// by the JSON the methods make.
type Under struct {
	// Kind is the Go kind beneath: KindString, KindBool, KindInt,
	// KindUint, KindFloat, KindSlice, KindMap, KindArray, KindPointer or
	// KindStruct. omitempty leaves out empty strings, slices, maps and
	// zero-length arrays, false, 0 and nil pointers; never structs or
	// other arrays.
	Kind Kind `json:"kind"`
	// Len is the length of an array.
	Len int64 `json:"len,omitempty"`
	// Comparable says that == works on the type, so that omitzero can
	// compare with the zero value.
	Comparable bool `json:"comparable,omitempty"`
	// IsZero says that the type has an IsZero() bool method, which
	// omitzero calls instead (as encoding/json does).
	IsZero bool `json:"isZero,omitempty"`
}

// TypeName is a qualified Go type name.
type TypeName struct {
	PkgPath string `json:"pkgPath"`
	Name    string `json:"name"`
}

// Enum is a named string or integer type with declared constants.
type Enum struct {
	Name    string `json:"name"`
	PkgPath string `json:"pkgPath"`
	Doc     string `json:"doc,omitempty"`
	// Kind is KindString, KindInt or KindUint; Basic is the Go basic kind.
	Kind  Kind   `json:"kind"`
	Basic string `json:"basic"`
	// Values are the declared constants, in source order.
	Values []*EnumValue `json:"values"`
	Pos    Pos          `json:"pos"`
	// UsedAt is, as for Record, the user's field that first uses an enum
	// of another module.
	UsedAt Pos `json:"usedAt,omitzero"`
}

// EnumValue is one declared constant of an enum.
type EnumValue struct {
	// GoName is the constant's name, e.g. "SeverityHigh".
	GoName string `json:"goName"`
	// Value is the constant's value: the string itself for string enums,
	// the decimal integer for integer enums.
	Value string `json:"value"`
	Doc   string `json:"doc,omitempty"`
	Pos   Pos    `json:"pos"`
}

// Pos is a position in a Go source file.
type Pos struct {
	// File is the path of the file, relative to the loader's base directory
	// (the working directory by default) when the file is below it, so that
	// output is stable across machines; absolute otherwise.
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// Record returns the record or event struct named name, or nil.
func (m *Model) Record(name string) *Record {
	for _, r := range m.Records {
		if r.Name == name {
			return r
		}
	}
	for _, s := range m.Streams {
		for _, e := range s.Events {
			if e.Name == name {
				return e
			}
		}
	}
	return nil
}

// Enum returns the enum named name, or nil.
func (m *Model) Enum(name string) *Enum {
	for _, e := range m.Enums {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// String writes the name as code outside its package does, with
// PkgName(PkgPath) for the package ("uuid.UUID", "netip.Addr"), for
// messages and documentation.
func (n *TypeName) String() string {
	if pkg := PkgName(n.PkgPath); pkg != "" {
		return pkg + "." + n.Name
	}
	return n.Name
}

// PkgName is the usual name of the package at an import path: its last
// element, skipping a major version element (example.com/lib/v2 is lib)
// and suffix (gopkg.in/yaml.v3 is yaml). The model does not record the
// real names of packages other than the models package.
func PkgName(path string) string {
	parts := strings.Split(path, "/")
	pkg := parts[len(parts)-1]
	if len(parts) > 1 && isMajorVersion(pkg) {
		pkg = parts[len(parts)-2]
	}
	if i := strings.Index(pkg, ".v"); i > 0 && isMajorVersion(pkg[i+1:]) {
		pkg = pkg[:i]
	}
	return pkg
}

// isMajorVersion reports whether s is a major version path element: v2,
// v3, ...
func isMajorVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
