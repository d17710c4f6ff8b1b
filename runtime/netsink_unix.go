//go:build unix

package runtime

import (
	"errors"
	"net"
	"os"
	"syscall"
)

// rawConnOf returns c's raw connection, through which netSink writes
// without waiting, or nil when c has no file descriptor.
func rawConnOf(c net.Conn) syscall.RawConn {
	if sc, ok := c.(syscall.Conn); ok {
		if raw, err := sc.SyscallConn(); err == nil {
			return raw
		}
	}
	return nil
}

// tryWrite writes s.pending to fd until it is written or the socket is
// full, and never waits.
func (s *netSink) tryWrite(fd uintptr) {
	for s.done < len(s.pending) {
		m, err := syscall.Write(int(fd), s.pending[s.done:])
		if m > 0 {
			s.done += m
		}
		switch {
		case err == nil:
		case errors.Is(err, syscall.EINTR):
		case errors.Is(err, syscall.EAGAIN):
			return // full: Write waits for room with a deadline
		default:
			s.werr = os.NewSyscallError("write", err)
			return
		}
	}
}
