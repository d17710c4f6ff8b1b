package sse

import (
	"database/sql"
	"math/big"
	"net/netip"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// OrderPlaced uses the types real services put in their events.
type OrderPlaced struct {
	OrderID  uuid.UUID             `json:"order_id"`
	Parent   *uuid.UUID            `json:"parent,omitempty"`
	Total    decimal.Decimal       `json:"total"`
	Discount *decimal.Decimal      `json:"discount,omitzero"`
	Units    *big.Int              `json:"units"`
	Ratio    *big.Float            `json:"ratio"`
	Client   netip.Addr            `json:"client"`
	Network  netip.Prefix          `json:"network"`
	Took     time.Duration         `json:"took"`
	Note     sql.NullString        `json:"note"`
	Shipped  sql.NullTime          `json:"shipped"`
	Lines    map[uuid.UUID]int     `json:"lines"`
	Peers    map[netip.Addr]string `json:"peers,omitempty"`
	Related  []uuid.UUID           `json:"related"`
}
