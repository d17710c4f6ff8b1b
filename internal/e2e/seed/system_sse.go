// Announcements to everyone connected.
package sse

// SystemAlert is shown to every user until it expires.
type SystemAlert struct {
	Message   string `json:"message"`
	Severity  string `json:"severity"`
	ExpiresAt int64  `json:"expires_at"`
}
