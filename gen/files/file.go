// Package files holds the output of ssegen's generators: files as data,
// so that generators never write and the one writing step stays shared.
package files

// File is one generated file: where it goes and its exact bytes.
type File struct {
	// Path is the file's path, relative to the output directory the
	// generator was given (or absolute when the generator was given one).
	Path string
	// Content is the file's complete content, deterministic for a model.
	Content []byte
}
