// Imports of tasks into a board: a job that reports its progress and
// ends. Its page element follows it on a stream of its own that closes
// after ImportFinished (see app/jobs.go).
//
//ssegen:channel board:{BoardID}
//ssegen:html board
package sse

// ImportProgress is sent as an import goes: Done of Total lines read.
type ImportProgress struct {
	BoardID string `json:"board_id"`
	JobID   string `json:"job_id"`
	Done    int    `json:"done"`
	Total   int    `json:"total"`
}

// ImportFinished is the last event of an import: how many tasks it
// added, and how many lines it skipped (blank, too long, or a title the
// board already has).
type ImportFinished struct {
	BoardID  string `json:"board_id"`
	JobID    string `json:"job_id"`
	Imported int    `json:"imported"`
	Skipped  int    `json:"skipped"`
}
