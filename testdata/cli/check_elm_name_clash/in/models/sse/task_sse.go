// Results of background tasks.
package sse

// Result is sent when a task ends. Elm's prelude already has a Result
// type, so the Elm output cannot name the event's record after it.
type Result struct {
	TaskID string `json:"task_id"`
	OK     bool   `json:"ok"`
}
