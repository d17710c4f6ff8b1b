// Package roundtrip checks in node that the generated TypeScript decoders
// and encoders keep every value of the all-types schema: Go encodes random
// values, TypeScript decodes and re-encodes them, Go decodes the result and
// compares. It has no code outside its tests.
package roundtrip
