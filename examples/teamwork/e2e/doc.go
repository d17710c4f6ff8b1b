// Package e2e tests the Teamwork board end to end: real servers on
// loopback, real headless Chromium tabs, and for the shared board a real
// redis-server.
package e2e
