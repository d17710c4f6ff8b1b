package sse

// Span decides itself when it is zero.
type Span struct {
	From, To int64
}

// IsZero reports an empty span.
func (s Span) IsZero() bool { return s.From == s.To }

// Spanned uses Span with omitzero.
type Spanned struct {
	Span    Span  `json:"span,omitzero"`
	PtrSpan *Span `json:"ptr_span,omitzero"`
	Plain   Span  `json:"plain"`
}
