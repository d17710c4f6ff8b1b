package sse

// Stamp ends up twice at the same depth.
type Stamp struct {
	At int64 `json:"at"`
}

// Left embeds Stamp.
type Left struct {
	Stamp
	L string `json:"l"`
}

// Right embeds Stamp too.
type Right struct {
	Stamp
	R string `json:"r"`
}
