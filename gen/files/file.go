// Package files is the one step of ssegen that touches the disk: generators
// return their output as File values, and Write or Diff compare them with
// what is on disk, replace what changed and remove what ssegen no longer makes.
package files

// File is one generated file, as data.
type File struct {
	// Path is relative to the root of the Output the file belongs to,
	// slash-separated, without "." or ".." elements.
	Path string
	// Content is the whole file; its first line is the Header for the
	// file's language, so that a later run knows the file is ssegen's.
	Content []byte
}

// Output is what one generator makes under one directory on disk.
type Output struct {
	// Root is the directory, in the operating system's form, that the
	// Paths of Files are relative to.
	Root string
	// Files are the files the generator makes.
	Files []File
	// Dirs are extra directories under Root (slash-separated, "." for Root
	// itself) whose ssegen files are removed when no longer made. Every
	// directory that holds one of Files is managed anyway; Dirs matters
	// when a directory may end up with none of them.
	Dirs []string
}
