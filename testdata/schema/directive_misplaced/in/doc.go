//ssegen:auth
package sse
