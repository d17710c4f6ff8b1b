//ssegen:channel order:{OrderID}
package sse

import (
	"database/sql"
	"math/big"
	"net/netip"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// OrderPlaced is sent when a customer places an order.
type OrderPlaced struct {
	// OrderID is the order's id.
	OrderID  string                 `json:"order_id"`
	ID       uuid.UUID              `json:"id"`
	Parent   *uuid.UUID             `json:"parent,omitempty"`
	Related  []uuid.UUID            `json:"related"`
	Total    decimal.Decimal        `json:"total"`
	Discount *decimal.Decimal       `json:"discount,omitzero"`
	Prices   []decimal.Decimal      `json:"prices"`
	Units    *big.Int               `json:"units"`
	Ratio    *big.Float             `json:"ratio,omitempty"`
	Client   netip.Addr             `json:"client"`
	Network  netip.Prefix           `json:"network"`
	Peer     netip.Addr             `json:"peer,omitzero"`
	Took     time.Duration          `json:"took"`
	Note     sql.NullString         `json:"note"`
	Count    sql.NullInt64          `json:"count"`
	Shipped  sql.NullTime           `json:"shipped"`
	Lines    map[uuid.UUID]int      `json:"lines"`
	Peers    map[netip.Addr]string  `json:"peers,omitempty"`
	Weights  map[uuid.UUID]*big.Int `json:"weights,omitempty"`
	Coupon   uuid.NullUUID          `json:"coupon"`
	Tax      decimal.NullDecimal    `json:"tax"`
}

// OrderCancelled is sent when an order is cancelled.
type OrderCancelled struct {
	OrderID string          `json:"order_id"`
	By      *uuid.UUID      `json:"by"`
	Refund  decimal.Decimal `json:"refund,omitempty"`
}
