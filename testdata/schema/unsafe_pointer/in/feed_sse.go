package sse

import "unsafe"

// Raw carries pointers as numbers.
type Raw struct {
	Ptr  unsafe.Pointer `json:"ptr"`
	Addr uintptr        `json:"addr"`
}
