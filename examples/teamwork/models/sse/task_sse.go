// Changes to the tasks of one board.
//
//ssegen:channel board:{BoardID}
//ssegen:html board BoardSnapshot
package sse

// TaskAdded is sent when someone adds a task to the board.
type TaskAdded struct {
	BoardID string `json:"board_id"`
	Task    Task   `json:"task"`
	// By is the display name of whoever added it.
	By string `json:"by"`
}

// TaskToggled is sent when a task is marked done or not done.
type TaskToggled struct {
	BoardID string `json:"board_id"`
	TaskID  int64  `json:"task_id"`
	Done    bool   `json:"done"`
	By      string `json:"by"`
}

// TaskDeleted is sent when a task is removed from the board.
type TaskDeleted struct {
	BoardID string `json:"board_id"`
	TaskID  int64  `json:"task_id"`
	By      string `json:"by"`
}

// BoardSnapshot is the whole board, sent to each new subscriber when it
// connects so that it starts from the current state.
type BoardSnapshot struct {
	BoardID string `json:"board_id"`
	Tasks   []Task `json:"tasks"`
}
