// Package browsertest is what the browser tests of the generated frontends
// share: a loopback server that serves a page and the seed streams through
// the runtime and survives restarts, and a headless Chromium to load it in.
package browsertest
