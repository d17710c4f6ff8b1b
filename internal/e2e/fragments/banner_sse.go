// Announcements to everyone.
//
//ssegen:html news
package fragments

// Announced is a line of news shown on every page.
type Announced struct {
	Text string `json:"text"`
	// Author is nil for announcements of the system itself.
	Author *string `json:"author"`
}
