package edge

// Inner is a small record used in containers.
type Inner struct {
	N int    `json:"n"`
	S string `json:"s,omitempty"`
}

// Holder cannot be compared with ==, so omitzero must look at its fields.
type Holder struct {
	L []int `json:"l"`
}
