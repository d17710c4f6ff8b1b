package browsertest

import (
	"path/filepath"
	"testing"

	"github.com/ssegen/ssegen/gen/js"
	bt "github.com/ssegen/ssegen/internal/browsertest"
	"github.com/ssegen/ssegen/schema"
)

// page is the stand-in for an Elm app: an object with the ports the
// generated Elm declares, recording what the glue sends into them.
// sseNotification is left out, as the Elm compiler leaves out ports that
// the app never uses; the glue must cope.
const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>ssegen glue</title></head><body>
<script type="module">
import { connect } from "/ssegen.js";
const log = [];
const commands = [];
const inPort = (port) => ({ send: (value) => log.push({ port, value }) });
const app = {
  ports: {
    sseCommand: {
      subscribe: (f) => commands.push(f),
      unsubscribe: (f) => commands.splice(commands.indexOf(f), 1),
    },
    sseStatus: inPort("sseStatus"),
    sseComment: inPort("sseComment"),
    sseSystem: inPort("sseSystem"),
  },
};
window.sseLog = log;
// Exceptions thrown in the glue's listeners would otherwise go unseen.
window.sseErrors = [];
window.addEventListener("error", (e) => window.sseErrors.push(String(e.message)));
window.addEventListener("unhandledrejection", (e) => window.sseErrors.push(String(e.reason)));
window.connection = connect(app, { retryMs: 100, maxRetryMs: 200 });
// What Sse.Ports.follow does from Elm: a command on the port.
window.follow = (topics) => commands.forEach((f) => f({ follow: topics }));
window.ready = true;
</script></body></html>`

// newServer generates the glue for the seed streams and starts serving
// the page, the glue and the streams.
func newServer(t *testing.T) *bt.Server {
	m, err := schema.Load(filepath.Join("..", "..", "..", "testdata", "seed"))
	if err != nil {
		t.Fatalf("load the seed streams: %v", err)
	}
	out, err := js.Generate(m, js.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bt.StaticFile{
		"/": {ContentType: "text/html; charset=utf-8", Content: []byte(page)},
	}
	for _, f := range out {
		if f.Path == js.ModuleFile {
			files["/"+js.ModuleFile] = bt.StaticFile{ContentType: "text/javascript; charset=utf-8", Content: f.Content}
		}
	}
	return bt.NewServer(t, m, files)
}
