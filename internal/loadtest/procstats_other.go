//go:build !unix

package loadtest

import "time"

// processCPU is 0 off unix, where there is no getrusage(2): the server's
// CPU figures (and the CPU per delivery computed from them) then read 0,
// not a guess.
func processCPU() time.Duration { return 0 }

// raiseFileLimit does nothing off unix, which has no open-file limit to
// raise (setrlimit(2)).
func raiseFileLimit() {}
