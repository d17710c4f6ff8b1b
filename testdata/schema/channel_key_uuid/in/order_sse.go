//ssegen:channel order:{OrderID}
package sse

import "github.com/google/uuid"

// Shipped is keyed by a uuid, which a channel name cannot be made of
// directly.
type Shipped struct {
	OrderID uuid.UUID `json:"order_id"`
}
