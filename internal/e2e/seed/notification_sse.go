// Notifications for one user about work done on their behalf.
//
//ssegen:channel user:{UserID}
//ssegen:auth
package sse

// EmailSent is sent when an email has gone out to the user.
type EmailSent struct {
	UserID        string `json:"user_id"`
	EmailType     string `json:"email_type"`
	SentTo        string `json:"sent_to"`
	CorrelationID string `json:"correlation_id"`
}

// TaskComplete is sent when a background task of the user has finished.
type TaskComplete struct {
	UserID     string `json:"user_id"`
	TaskType   string `json:"task_type"`
	Result     string `json:"result"`
	DurationMs uint64 `json:"duration_ms"`
}
