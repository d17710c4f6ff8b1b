package main

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
)

// elmFiles are the Elm front end's page and glue; elm.js, the compiled
// app, is built by the user and read from disk, so that a rebuild needs
// no restart.
//
//go:embed elm/index.html elm/index.js elm/ssegen.js
var elmFiles embed.FS

// elmHandler serves the Elm front end under /elm/, with elm.js from dir.
func elmHandler(dir string) http.Handler {
	sub, _ := fs.Sub(elmFiles, "elm")
	files := http.FileServerFS(sub)
	return http.StripPrefix("/elm", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/elm.js" {
			path := filepath.Join(dir, "elm.js")
			if _, err := os.Stat(path); err != nil {
				// index.js explains how to build it when Elm is undefined.
				w.Header().Set("Content-Type", "text/javascript")
				w.Write([]byte("// elm.js not built yet\n"))
				return
			}
			http.ServeFile(w, r, path)
			return
		}
		files.ServeHTTP(w, r)
	}))
}

// elmNote tells, at startup, where the Elm front end is, or, while dir has
// no elm.js, how to build it: /elm/ is a blank page until then.
func elmNote(dir, addr string) string {
	if _, err := os.Stat(filepath.Join(dir, "elm.js")); err == nil {
		return fmt.Sprintf("The Elm version is at http://%s/elm/", addr)
	}
	return fmt.Sprintf("The Elm version at http://%s/elm/ needs elm.js, which is not built yet: "+
		"run `cd %s && elm make src/Main.elm --output=elm.js` (Elm 0.19.1), then reload the page; no restart needed.", addr, dir)
}
