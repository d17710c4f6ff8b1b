// Package browsertest runs the JavaScript glue that gen/js generates in a
// real headless Chromium against streams served by the runtime over
// loopback: delivery over one connection, resume after a server restart,
// and a refusal reported once. It has no code outside its tests.
package browsertest
