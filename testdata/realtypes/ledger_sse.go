// Entries of the ledger, in the package's own types.
//
//ssegen:channel account:{Account}
package sse

// Posted is sent when an entry is posted to an account.
type Posted struct {
	Account  int64            `json:"account"`
	Priority Priority         `json:"priority"`
	Urgency  Priority         `json:"urgency,omitempty"`
	ByPrio   map[Priority]int `json:"by_prio"`
	Amount   Cents            `json:"amount"`
	Fee      *Cents           `json:"fee"`
	Extra    Extra            `json:"extra"`
	Extras   []Extra          `json:"extras,omitempty"`
	Serial   *Serial          `json:"serial"`
	Serials  []*Serial        `json:"serials"`
	Labels   Labels           `json:"labels,omitempty"`
	Place    Place            `json:"place"`
	Places   map[string]Place `json:"places"`
}
