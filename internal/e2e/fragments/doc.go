// Package fragments is a models package whose streams also go out as HTML
// (//ssegen:html): its tests run the generated fragment publishers against
// a real hub and server, and its generated files are goldens of gen/golang.
package fragments
