//go:build unix

package runtime

import (
	"net"
	"syscall"
)

// rawWrites tells whether a netSink on a TCP connection writes without
// waiting through the socket's file descriptor (netsink_unix.go).
const rawWrites = true

// dialSmallReceiveBuffer connects to addr with a receive buffer of 4 KiB,
// set before connecting so that the window the client offers is small
// from the first byte.
func dialSmallReceiveBuffer(addr string) (net.Conn, error) {
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) {
			syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4<<10)
		})
	}}
	return d.Dial("tcp", addr)
}
