//go:build !unix

package runtime

import "net"

// rawWrites is false off unix: a netSink writes everything through the
// connection (netsink_other.go).
const rawWrites = false

// dialSmallReceiveBuffer connects to addr and then shrinks its receive
// buffer to 4 KiB (the portable way; on unix it is set before
// connecting).
func dialSmallReceiveBuffer(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	if err := c.(*net.TCPConn).SetReadBuffer(4 << 10); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}
