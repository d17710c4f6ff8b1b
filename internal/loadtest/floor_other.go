//go:build !unix

package loadtest

// writeNoWait writes nothing off unix, where a socket is no file
// descriptor that write(2) takes: the floor then writes every event
// through the connection under its deadline, so there it is a plain
// hijacking server rather than the least a server can spend.
func writeNoWait(int, []byte) (int, bool) { return 0, true }
