// Package browsertest runs a small TypeScript app built on the modules
// that gen/ts generates, bundled with esbuild, in a real headless Chromium
// against streams served by the runtime over loopback: typed events over
// one connection, decode problems, resume after a server restart, resync
// and a refusal reported once. It has no code outside its tests.
package browsertest
