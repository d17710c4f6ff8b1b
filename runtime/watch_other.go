//go:build !linux

package runtime

import "syscall"

// pollWatch is empty where there is no poller: a goroutine per stream
// watches for its client leaving (hijacked.readUntilGone).
type pollWatch struct{}

func (*pollWatch) start(*hijacked, syscall.RawConn) bool { return false }
func (*pollWatch) stop()                                 {}
