package sse

// Node contains itself through a slice.
type Node struct {
	Name     string `json:"name"`
	Children []Node `json:"children"`
}

// Parent and Child contain each other.
type Parent struct {
	Child *Child `json:"child"`
}

// Child points back to its parent.
type Child struct {
	Parent *Parent `json:"parent"`
}

// Tree is a named slice of itself.
type Tree []Tree

// Grown uses them all.
type Grown struct {
	Root   Node   `json:"root"`
	Family Parent `json:"family"`
	Shape  Tree   `json:"shape"`
}
