package runtime

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// deadlineRecorder is a ResponseWriter that records the write deadlines
// set through its ResponseController.
type deadlineRecorder struct {
	*httptest.ResponseRecorder
	set []time.Time
}

func (d *deadlineRecorder) SetWriteDeadline(t time.Time) error {
	d.set = append(d.set, t)
	return nil
}

var _ http.ResponseWriter = (*deadlineRecorder)(nil)

// TestHTTPSinkMovesTheDeadlineOnlyWhenItRunsShort: a deadline already set
// stays while it leaves a write at least three quarters of its timeout
// and no more than all of it; a later or shorter one, no deadline, or a
// deadline once there was none, is set.
func TestHTTPSinkMovesTheDeadlineOnlyWhenItRunsShort(t *testing.T) {
	w := &deadlineRecorder{ResponseRecorder: httptest.NewRecorder()}
	s := newHTTPSink(w)
	now := time.Now()
	steps := []struct {
		t   time.Time
		set bool
	}{
		{now.Add(10 * time.Second), true},
		{now.Add(10*time.Second + time.Millisecond), false}, // 10 s left of 10 s
		{now.Add(12 * time.Second), false},                  // 10 s left of 12 s
		{now.Add(14 * time.Second), true},                   // 10 s left of 14 s
		{now.Add(time.Second), true},                        // shorter than the one set
		{time.Time{}, true},                                 // none
		{now.Add(time.Second), true},                        // one again
	}
	for i, st := range steps {
		before := len(w.set)
		if err := s.SetWriteDeadline(st.t); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		switch set := len(w.set) > before; {
		case set != st.set:
			t.Fatalf("step %d: deadline set %v, want %v", i, set, st.set)
		case set && !w.set[len(w.set)-1].Equal(st.t):
			t.Fatalf("step %d: set %v, want %v", i, w.set[len(w.set)-1], st.t)
		}
	}
	s.abort()
	if err := s.SetWriteDeadline(now.Add(time.Hour)); err == nil {
		t.Error("an aborted sink took a deadline")
	}
}
