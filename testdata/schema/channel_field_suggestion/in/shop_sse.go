// Orders of a shop. The template spells the key ShopId, the events ShopID.
//
//ssegen:channel shop:{ShopId}
package sse

// OrderPlaced is sent when an order comes in.
type OrderPlaced struct {
	ShopID  string `json:"shop_id"`
	OrderID string `json:"order_id"`
}

// OrderShipped is sent when an order leaves.
type OrderShipped struct {
	ShopID  string `json:"shop_id"`
	OrderID string `json:"order_id"`
}
