//go:build !unix

package runtime

import (
	"net"
	"syscall"
)

// rawConnOf returns nil off unix, where a socket is no file descriptor
// that write(2) takes (a Windows socket is a handle, written with
// WSASend): netSink then writes everything through net.Conn.Write under
// its deadline, and a stream gets no direct writes from publishing
// goroutines (conn.begin).
func rawConnOf(net.Conn) syscall.RawConn { return nil }

// tryWrite is never called: without a raw connection netSink.writeNow
// writes nothing itself.
func (*netSink) tryWrite(uintptr) {}
