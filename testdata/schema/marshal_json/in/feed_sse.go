package sse

// Paid uses Money.
type Paid struct {
	Amount Money    `json:"amount"`
	Tips   []*Money `json:"tips"`
}

// Refunded writes itself.
type Refunded struct {
	ID string `json:"id"`
}

// MarshalJSON hides the id.
func (Refunded) MarshalJSON() ([]byte, error) { return []byte(`{}`), nil }

// UnmarshalJSON reads anything.
func (*Refunded) UnmarshalJSON([]byte) error { return nil }
