// Changes to a board.
//
//ssegen:channel board:{BoardID}
//ssegen:html page BoardShown
package sse

// CardMoved is typed only: the page shows whole boards.
type CardMoved struct {
	BoardID string `json:"board_id"`
	Card    string `json:"card"`
}

// BoardShown is the whole board, for typed clients and as HTML.
type BoardShown struct {
	BoardID string   `json:"board_id"`
	Cards   []string `json:"cards"`
}
