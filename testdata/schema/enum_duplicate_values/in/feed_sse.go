package sse

// Status is an enum with two constants of one value.
type Status string

// The statuses.
const (
	StatusOpen    Status = "open"
	StatusClosed  Status = "closed"
	StatusDefault Status = StatusOpen
)

// Changed uses Status.
type Changed struct {
	Status Status `json:"status"`
}
