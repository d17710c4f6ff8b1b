// Package schema reads the Go event structs of a models package and builds
// the checked Model that every ssegen generator renders.
//
// The model is plain data: it knows Go source (names, tags, positions) and
// nothing about Go, Elm or JS output. Generators read it; they never see
// go/types.
package schema

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
)

// Type is the type of a field, or of an element, key or pointee.
type Type struct {
	Kind Kind `json:"kind"`
	// Basic is the Go basic kind of string, bool, integer and float types:
	// "string", "int64", "uint8", "float32", ...
	Basic string `json:"basic,omitempty"`
	// Named is set when the Go type is a named type (other than a record,
	// enum, time.Time or json.RawMessage), such as `type UserID string`:
	// generated Go must use the name, the JSON shape is that of Kind.
	Named *TypeName `json:"named,omitempty"`
	// Ref is the Go name of the Record or Enum for those kinds.
	Ref string `json:"ref,omitempty"`
	// Elem is the element of slices, arrays and maps, and the pointee of pointers.
	Elem *Type `json:"elem,omitempty"`
	// Key is the key type of maps: a string or integer kind.
	Key *Type `json:"key,omitempty"`
	// Len is the length of arrays.
	Len int64 `json:"len,omitempty"`
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
