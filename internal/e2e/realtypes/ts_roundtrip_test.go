package sse

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os/exec"
	"reflect"
	"testing"
	"time"

	"github.com/ssegen/ssegen/internal/e2e/roundtrip"
)

// tsDriver decodes each input line's data with the stream module's decode,
// encodes it back and writes {json} or {error} a line.
const tsDriver = `import * as readline from "node:readline";
import * as ledger from "./ledger.js";
import * as order from "./order.js";

const roundTrips: { [stream: string]: (event: string, data: unknown) => unknown } = {
  ledger: (event, data) => ledger.encode(ledger.decode(event, data)),
  order: (event, data) => order.encode(order.decode(event, data)),
};

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const req = JSON.parse(line);
  let reply: unknown;
  try {
    const roundTrip = roundTrips[req.stream];
    if (!roundTrip) {
      throw new Error("unknown stream " + req.stream);
    }
    reply = { json: JSON.stringify(roundTrip(req.event, JSON.parse(req.data))) };
  } catch (err) {
    reply = { error: String(err) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
`

// TestTypeScriptRoundTrip sends random events full of types that write
// their own JSON Go -> TypeScript -> Go: the generated Go encoder writes
// each one, the generated TypeScript (bundled with esbuild, run under
// node) decodes it, as a string for MarshalText types, unknown for opaque
// MarshalJSON types and the declared form for the others, and encodes it
// again, and json.Unmarshal must read back the same value, up to what
// docs/typescript.md says TypeScript changes (nil and empty lists, doubles).
func TestTypeScriptRoundTrip(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()

	node, bundle := roundtrip.BundleTS(t, ctx, ".", tsDriver)

	inputs, sent := roundTripInputs(t, rand.New(rand.NewPCG(31, 37)))
	var in bytes.Buffer
	for _, input := range inputs {
		line, err := json.Marshal(input)
		if err != nil {
			t.Fatal(err)
		}
		in.Write(append(line, '\n'))
	}
	cmd := exec.CommandContext(ctx, node, bundle)
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	lines := bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
	if len(lines) != len(inputs) {
		t.Fatalf("node answered %d of %d inputs", len(lines), len(inputs))
	}
	outputs := make([]roundtrip.Output, len(inputs))
	for i := range inputs {
		if err := json.Unmarshal(lines[i], &outputs[i]); err != nil {
			t.Fatalf("node's line %d: %v", i, err)
		}
	}
	roundtrip.Check(t, "TypeScript", inputs, outputs, func(i int) any { return reflect.New(reflect.TypeOf(sent[i])).Interface() }, roundTripEquality)
	t.Logf("%d random events went Go -> TypeScript -> Go", len(inputs))
}
