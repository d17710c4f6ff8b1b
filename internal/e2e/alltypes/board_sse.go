// Cards on a board: the stream that uses every kind and tag option.
//
//ssegen:channel board:{BoardID}
package sse

import (
	"encoding/json"
	"time"
)

// CardCreated carries every kind of type once, without tag options.
type CardCreated struct {
	Base
	// BoardID is the channel key: an integer.
	BoardID int64 `json:"board_id"`
	// Note hides Base.Note: the shallower field wins.
	Note string `json:"note"`
	// Title has no tag: its JSON name is its Go name.
	Title string
	// Count has a tag with options only: its JSON name is its Go name.
	Count int `json:",omitempty"`
	// Type is a reserved word in Elm.
	Type string `json:"type"`

	I   int     `json:"i"`
	I8  int8    `json:"i8"`
	I16 int16   `json:"i16"`
	I32 int32   `json:"i32"`
	I64 int64   `json:"i64"`
	U   uint    `json:"u"`
	U8  uint8   `json:"u8"`
	U16 uint16  `json:"u16"`
	U32 uint32  `json:"u32"`
	U64 uint64  `json:"u64"`
	F32 float32 `json:"f32"`
	F64 float64 `json:"f64"`
	B   bool    `json:"b"`
	S   string  `json:"s"`

	Created time.Time       `json:"created"`
	Payload []byte          `json:"payload"`
	Raw     json.RawMessage `json:"raw"`
	Blob    Blob            `json:"blob"`
	Tags    Tags            `json:"tags"`
	Attrs   Attrs           `json:"attrs"`
	Owner   UserID          `json:"owner"`

	Severity Severity `json:"severity"`
	Priority Priority `json:"priority"`
	Level    Level    `json:"level"`

	Author    Author   `json:"author"`
	Reviewers []Author `json:"reviewers"`
	Editor    *Author  `json:"editor"`

	// Digest is an array of bytes: a JSON array of numbers, not base64.
	Digest  [4]byte             `json:"digest"`
	Pair    [2]string           `json:"pair"`
	Matrix  [][]int             `json:"matrix"`
	Scores  map[string]int      `json:"scores"`
	ByUser  map[UserID]string   `json:"by_user"`
	ByID    map[int64]string    `json:"by_id"`
	Flags   map[uint16]bool     `json:"flags"`
	Groups  map[string][]string `json:"groups"`
	Authors map[string]*Author  `json:"authors"`

	PtrString   *string    `json:"ptr_string"`
	PtrInt      *int       `json:"ptr_int"`
	PtrTime     *time.Time `json:"ptr_time"`
	PtrSeverity *Severity  `json:"ptr_severity"`
	PtrSlice    *[]string  `json:"ptr_slice"`

	// Skipped never reaches the wire.
	Skipped string `json:"-"`
	// Dash is named "-" on the wire.
	Dash string `json:"-,"`
	// hidden is unexported and untagged: encoding/json ignores it.
	hidden string
}

// CardMoved uses omitempty on every kind, and an embedded struct with a
// JSON tag.
type CardMoved struct {
	BoardID int64 `json:"board_id"`
	Meta    `json:"meta"`

	S        string          `json:"s,omitempty"`
	B        bool            `json:"b,omitempty"`
	I        int             `json:"i,omitempty"`
	I8       int8            `json:"i8,omitempty"`
	I16      int16           `json:"i16,omitempty"`
	I32      int32           `json:"i32,omitempty"`
	I64      int64           `json:"i64,omitempty"`
	U        uint            `json:"u,omitempty"`
	U8       uint8           `json:"u8,omitempty"`
	U16      uint16          `json:"u16,omitempty"`
	U32      uint32          `json:"u32,omitempty"`
	U64      uint64          `json:"u64,omitempty"`
	F32      float32         `json:"f32,omitempty"`
	F64      float64         `json:"f64,omitempty"`
	Time     time.Time       `json:"time,omitempty"`
	Bytes    []byte          `json:"bytes,omitempty"`
	Raw      json.RawMessage `json:"raw,omitempty"`
	Blob     Blob            `json:"blob,omitempty"`
	Slice    []int           `json:"slice,omitempty"`
	Array    [2]int          `json:"array,omitempty"`
	Map      map[string]int  `json:"map,omitempty"`
	Ptr      *int            `json:"ptr,omitempty"`
	Record   Author          `json:"record,omitempty"`
	Enum     Severity        `json:"enum,omitempty"`
	IntEnum  Priority        `json:"int_enum,omitempty"`
	UintEnum Level           `json:"uint_enum,omitempty"`
	Named    UserID          `json:"named,omitempty"`
	Tags     Tags            `json:"tags,omitempty"`
	Attrs    Attrs           `json:"attrs,omitempty"`
}

// CardArchived uses omitzero and the string option.
type CardArchived struct {
	BoardID int64 `json:"board_id"`

	ZTime  time.Time      `json:"z_time,omitzero"`
	ZRec   Author         `json:"z_rec,omitzero"`
	ZInt   int            `json:"z_int,omitzero"`
	ZArr   [2]int         `json:"z_arr,omitzero"`
	ZPtr   *int           `json:"z_ptr,omitzero"`
	ZSlice []string       `json:"z_slice,omitzero"`
	ZMap   map[string]int `json:"z_map,omitzero"`
	ZBoth  string         `json:"z_both,omitempty,omitzero"`
	// ZPtrTime is omitted when nil and when it points to the zero time:
	// encoding/json calls IsZero through the pointer.
	ZPtrTime *time.Time `json:"z_ptr_time,omitzero"`

	SInt64  int64   `json:"s_int64,string"`
	SUint64 uint64  `json:"s_uint64,string"`
	SBool   bool    `json:"s_bool,string"`
	SFloat  float64 `json:"s_float,string"`
	SStr    string  `json:"s_str,string"`
	// SPtr is quoted too: encoding/json looks through an unnamed pointer.
	SPtr *int64 `json:"s_ptr,string"`
	// SSlice ignores the string option, as encoding/json does.
	SSlice []int `json:"s_slice,string"`
	SOmit  int64 `json:"s_omit,string,omitempty"`
	// SEnum quotes an integer enum's number.
	SEnum Priority `json:"s_enum,string"`
}
