// Package sse holds the three streams of the ssegen stream design: comments
// on items, notifications for users, and system alerts for everyone.
package sse
