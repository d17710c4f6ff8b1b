// Who is typing a new task on a board.
//
//ssegen:channel board:{BoardID}
package sse

// UserTyping is sent while someone types in the new-task field, at most a
// few times a second.
type UserTyping struct {
	BoardID string `json:"board_id"`
	User    string `json:"user"`
}

// UserStoppedTyping is sent two seconds after someone's last keystroke, or
// at once when they add the task.
type UserStoppedTyping struct {
	BoardID string `json:"board_id"`
	User    string `json:"user"`
}
