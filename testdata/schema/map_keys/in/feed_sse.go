package sse

// Point is a struct, which cannot be a JSON object key.
type Point struct{ X, Y int }

// Grid has map keys JSON objects cannot have.
type Grid struct {
	ByWeight map[float64]string `json:"by_weight"`
	ByFlag   map[bool]int       `json:"by_flag"`
	ByPoint  map[Point]int      `json:"by_point"`
	ByPtr    map[*string]int    `json:"by_ptr"`
	Fine     map[uint8]string   `json:"fine"`
}
