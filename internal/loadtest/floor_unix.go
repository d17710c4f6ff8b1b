//go:build unix

package loadtest

import (
	"syscall"
	"unsafe"
)

// writeNoWait writes p to the socket fd with one non-blocking write(2),
// made without the Go scheduler's system call bookkeeping, which a write
// that never waits does not need. It returns how much the socket took
// and false when the connection failed (a full socket has not).
func writeNoWait(fd int, p []byte) (int, bool) {
	n, _, errno := syscall.RawSyscall(syscall.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)))
	switch errno {
	case 0:
		return int(n), true
	case syscall.EAGAIN, syscall.EINTR:
		return 0, true
	}
	return 0, false
}
