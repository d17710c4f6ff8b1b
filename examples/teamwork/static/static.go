// Package static holds the files the board's pages load: its stylesheet
// and script, and htmx with its SSE extension, vendored from npm.
package static

import "embed"

// FS holds app.css, app.js and vendor/.
//
//go:embed app.css app.js vendor
var FS embed.FS
