package sse

// Measured carries complex numbers.
type Measured struct {
	Small complex64  `json:"small"`
	Big   complex128 `json:"big"`
}
