// Mine.
package sse
