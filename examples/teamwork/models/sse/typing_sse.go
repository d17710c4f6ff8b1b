// Who is typing a new task on a board.
//
//ssegen:channel board:{BoardID}
//ssegen:html board
package sse

// UserTyping is sent when someone starts typing in the new-task field.
type UserTyping struct {
	BoardID string `json:"board_id"`
	User    string `json:"user"`
	// Typing is everyone typing on the board now, User included, so that
	// the event alone says what the indicator shows.
	Typing []string `json:"typing"`
}

// UserStoppedTyping is sent two seconds after someone's last keystroke, or
// at once when they add the task.
type UserStoppedTyping struct {
	BoardID string `json:"board_id"`
	User    string `json:"user"`
	// Typing is everyone still typing on the board.
	Typing []string `json:"typing"`
}
