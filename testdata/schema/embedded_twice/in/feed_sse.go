package sse

// Posted reaches Stamp through Left and Right.
type Posted struct {
	Left
	Right
}
