package sse

import (
	"debug/macho"
	"debug/pe"
)

// Headers uses two types of the same name from other packages.
type Headers struct {
	Mach macho.FileHeader `json:"mach"`
	PE   pe.FileHeader    `json:"pe"`
}
