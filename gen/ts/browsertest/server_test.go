package browsertest

import (
	"path/filepath"
	"testing"

	"github.com/ssegen/ssegen/gen/ts"
	bt "github.com/ssegen/ssegen/internal/browsertest"
	"github.com/ssegen/ssegen/schema"
)

// newServer generates the TypeScript of the seed streams, bundles the app
// with it and starts serving the page, the app and the streams.
func newServer(t *testing.T) *bt.Server {
	m, err := schema.Load(filepath.Join("..", "..", "..", "testdata", "seed"))
	if err != nil {
		t.Fatalf("load the seed streams: %v", err)
	}
	out, err := ts.Generate(m, ts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	appJS := bundle(t, out)
	return bt.NewServer(t, m, map[string]bt.StaticFile{
		"/":       {ContentType: "text/html; charset=utf-8", Content: []byte(page)},
		"/app.js": {ContentType: "text/javascript; charset=utf-8", Content: appJS},
	})
}
