package sse

// Updated carries a callback by mistake.
type Updated struct {
	ID       string       `json:"id"`
	OnChange func(string) `json:"on_change"`
	Lists    []func()     `json:"lists"`
}
