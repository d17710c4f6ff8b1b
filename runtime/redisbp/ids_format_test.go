package redisbp

import "strconv"

// formatID writes a stream id.
func formatID(ms, seq uint64) string {
	return strconv.FormatUint(ms, 10) + "-" + strconv.FormatUint(seq, 10)
}
