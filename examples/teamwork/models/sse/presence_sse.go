// Who is looking at a board.
//
//ssegen:channel board:{BoardID}
//ssegen:html board
package sse

// UsersOnline is the number of open tabs on the board, sent whenever it
// changes and to each new subscriber.
type UsersOnline struct {
	BoardID string `json:"board_id"`
	Count   int    `json:"count"`
}
