// Package models is a second package in the same directory, which the go
// command refuses.
package models
