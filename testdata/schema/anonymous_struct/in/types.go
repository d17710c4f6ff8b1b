package sse

// MovedTo is taken, so the suggestion for To is MovedTo2.
type MovedTo int
