// Short messages shown as toasts to everyone on a board.
//
//ssegen:channel board:{BoardID}
//ssegen:html board
package sse

// Notification is a toast: it appears on every tab and fades after a few
// seconds.
type Notification struct {
	BoardID string `json:"board_id"`
	Message string `json:"message"`
	Level   Level  `json:"level"`
}
