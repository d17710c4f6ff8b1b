// Who is on a board.
//
//ssegen:channel board:{BoardID}
//ssegen:auth
//ssegen:html page
package sse

// Online is how many people look at the board.
type Online struct {
	BoardID string `json:"board_id"`
	Count   int    `json:"count"`
}
