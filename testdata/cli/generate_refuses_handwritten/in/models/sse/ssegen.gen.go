// Written by hand.
package sse
