package runtime

import "time"

// A hijacked stream has no goroutine of its own while it idles: between
// events, a parked goroutine per stream was most of what an idle stream
// cost (its stack alone is 2 KiB or more). Instead every wake (an event
// queued, a flag signalled) starts a goroutine if none runs; it does
// what is pending, as the loop of other streams does on a wake, and
// exits. Below saturation most events do not even need one: the
// publishing goroutine writes them itself (direct.go).

// States of a driven stream (conn.drive).
const (
	driveIdle    = iota // no goroutine runs
	driveRunning        // a goroutine runs step
	driveAgain          // one runs, and a wake came since its step began
	driveEnded          // the stream ended; wakes are ignored
)

// runDriven runs the stream on demand from here on, and calls finished
// with the reason once it ended, on the goroutine that ended it.
func (c *conn) runDriven(lifetime time.Duration, retry []byte, finished func(reason string)) {
	c.finished = finished
	c.sub.driver.Store(c)
	c.begin(lifetime, retry)
	// A wake before the driver was set went nowhere: one step now does
	// what it asked for.
	c.kick()
}

// kick has a goroutine run the stream's next step: it starts one when
// none runs, or makes the running one go once more. Any goroutine may
// call it.
func (c *conn) kick() {
	for {
		switch c.drive.Load() {
		case driveIdle:
			if c.drive.CompareAndSwap(driveIdle, driveRunning) {
				go c.runSteps()
				return
			}
		case driveRunning:
			if c.drive.CompareAndSwap(driveRunning, driveAgain) {
				return
			}
		default: // a step is due already, or the stream ended
			return
		}
	}
}

// runSteps runs steps until nothing is pending, or the stream ends.
func (c *conn) runSteps() {
	for {
		if reason := c.step(); reason != "" {
			c.drive.Store(driveEnded)
			c.end()
			c.finished(reason)
			return
		}
		if c.drive.CompareAndSwap(driveRunning, driveIdle) {
			return
		}
		// A wake came during the step (driveAgain): what it asked for
		// may have been seen already, but a step more costs little.
		c.drive.Store(driveRunning)
	}
}
