// Package sse has no stream files yet.
package sse
