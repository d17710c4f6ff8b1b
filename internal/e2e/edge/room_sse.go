// Odd corners of encoding/json that the all-types schema leaves out,
// so that the generated encoders are compared with encoding/json on them
// too.
//
//ssegen:channel room:{Room}
package edge

// Odd uses member names with HTML characters, pointers to pointers,
// arrays of records, the string option on float32 and pointers, maps of
// records, omitzero on a record that == cannot compare, and more.
type Odd struct {
	Room     uint16           `json:"room"`
	HTMLName string           `json:"a<b>&c"`
	PP       **int            `json:"pp"`
	Recs     [2]Inner         `json:"recs"`
	F32S     float32          `json:"f32s,string"`
	PtrF     *float64         `json:"ptrf,string,omitempty"`
	BoolS    *bool            `json:"bools,string"`
	MapRec   map[string]Inner `json:"map_rec,omitempty"`
	NoTag    bool
	ZArrRec  [1]Inner                   `json:"zarr,omitzero"`
	ZHolder  Holder                     `json:"zholder,omitzero"`
	ZPtrRec  *Inner                     `json:"zptr,omitzero"`
	Empty    [0]int                     `json:"empty,omitempty"`
	ByteArr  [3]uint8                   `json:"ba"`
	MapSlice map[int8][]*Inner          `json:"map_slice"`
	Nested   map[string]map[uint]string `json:"nested,omitempty"`
}
