package sse

// Audit is embedded next to Owner.
type Audit struct {
	By   string `json:"by"`
	Name string
}

// Owner has fields of the same names.
type Owner struct {
	By   string `json:"by"`
	Name string
}
