package sse

import (
	"math/big"
	"net/http"
	"net/url"
	"regexp"
)

// Linked uses types of the standard library that ssegen cannot send.
type Linked struct {
	ID      string          `json:"id"`
	Link    url.URL         `json:"link"`
	Links   []*url.URL      `json:"links"`
	Request *http.Request   `json:"request"`
	Count   big.Int         `json:"count"`
	Pattern *regexp.Regexp  `json:"pattern"`
	Cookie  http.Cookie     `json:"cookie"`
	ByURL   map[url.URL]int `json:"by_url"`
}
