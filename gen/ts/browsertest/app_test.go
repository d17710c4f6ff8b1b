package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssegen/ssegen/gen/files"
)

// app is the TypeScript app under test: it follows typed channels, and
// logs every decoded event (re-encoded, to compare with what was
// published), problem and status into window.sseLog.
const app = `import { connect, type Channel, type Status } from "./connection.js";
import * as comment from "./comment.js";
import * as notification from "./notification.js";
import * as system from "./system.js";

type Entry =
  | { kind: "event"; stream: string; channel: string; event: string; id: string; data: unknown }
  | { kind: "problem"; stream: string; channel: string; problem: string; event: string; error: string }
  | { kind: "status"; status: string; code: number };

interface Follow {
  items?: string[];
  users?: string[];
  system?: boolean;
}

declare global {
  interface Window {
    sseLog: Entry[];
    sseErrors: string[];
    follow(what: Follow): void;
    ready: boolean;
  }
}

const log: Entry[] = [];
window.sseLog = log;
window.sseErrors = [];
window.addEventListener("error", (e) => window.sseErrors.push(String(e.message)));
window.addEventListener("unhandledrejection", (e) => window.sseErrors.push(String(e.reason)));

const connection = connect({
  retryMs: 100,
  maxRetryMs: 200,
  onStatus: (s: Status) => log.push({ kind: "status", status: s.status, code: s.status === "failed" ? s.code : 0 }),
});

comment.subscribe(
  connection,
  (e, meta) => {
    // The union narrows by event name: each branch sees its own data type.
    switch (e.event) {
      case "CommentAdded":
        if (typeof e.data.timestamp !== "number") throw new Error("CommentAdded.timestamp is not a number");
        break;
      case "CommentUpdated":
        if (typeof e.data.newText !== "string") throw new Error("CommentUpdated.newText is not a string");
        break;
    }
    log.push({ kind: "event", stream: comment.stream, channel: meta.channel, event: e.event, id: meta.id, data: comment.encode(e) });
  },
  (p) => log.push(problem(comment.stream, p)),
);
system.subscribe(
  connection,
  (e, meta) => log.push({ kind: "event", stream: system.stream, channel: meta.channel, event: e.event, id: meta.id, data: system.encode(e) }),
  (p) => log.push(problem(system.stream, p)),
);
notification.subscribe(
  connection,
  (e, meta) => log.push({ kind: "event", stream: notification.stream, channel: meta.channel, event: e.event, id: meta.id, data: notification.encode(e) }),
  (p) => log.push(problem(notification.stream, p)),
);

function problem(stream: string, p: import("./connection.js").Problem): Entry {
  return p.kind === "badEvent"
    ? { kind: "problem", stream, channel: p.channel, problem: p.kind, event: p.event, error: p.error.message }
    : { kind: "problem", stream, channel: p.channel, problem: p.kind, event: "", error: "" };
}

window.follow = (what: Follow) => {
  const channels: Channel[] = [];
  (what.items || []).forEach((id) => channels.push(comment.channel(id)));
  (what.users || []).forEach((id) => channels.push(notification.channel(id)));
  if (what.system) {
    channels.push(system.channel);
  }
  connection.follow(channels);
};
window.ready = true;
`

// page loads the bundle.
const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>ssegen TypeScript</title></head><body>
<script type="module" src="/app.js"></script>
</body></html>`

// esbuild finds the esbuild binary that scripts/test.sh installs into
// .tools/; under plain go test the test is skipped when it is absent.
func esbuild(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "..", ".tools", "node_modules", ".bin", "esbuild"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Skip("esbuild not found in .tools/: run ./scripts/test.sh, which installs it from npm, to run the TypeScript app in Chromium")
	}
	return p
}

// bundle writes the generated modules and the app into a directory and
// bundles them with esbuild into one ES module.
func bundle(t *testing.T, generated []files.File) []byte {
	t.Helper()
	bin := esbuild(t)
	dir := t.TempDir()
	for _, f := range generated {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "app.ts"), []byte(app), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// esbuild strips types without checking them; tsc checks that the app
	// uses the generated API as a strict project would.
	tsc := exec.CommandContext(ctx, filepath.Join(filepath.Dir(bin), "tsc"), "--strict", "--noEmit", "--target", "es2020",
		"--module", "esnext", "--moduleResolution", "bundler", "--lib", "es2020,dom", "app.ts")
	tsc.Dir = dir
	if msg, err := tsc.CombinedOutput(); err != nil {
		t.Fatalf("tsc rejects the app: %v\n%s", err, msg)
	}
	out := filepath.Join(dir, "app.js")
	cmd := exec.CommandContext(ctx, bin, "app.ts", "--bundle", "--format=esm", "--target=es2020", "--outfile="+out)
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("esbuild: %v\n%s", err, msg)
	}
	js, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return js
}
