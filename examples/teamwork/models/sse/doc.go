// Package sse declares the streams of the Teamwork board: tasks, users
// online, typing and toasts. ssegen generates the Go publishers, the Elm
// modules and the JS glue from these structs.
package sse
