package files

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Action is what Write does, or would do, to one file.
type Action int

// The actions of a Change.
const (
	// Keep leaves a file whose bytes are already right alone, mtime and all,
	// so that build caches stay warm.
	Keep Action = iota
	// Create writes a file that does not exist yet.
	Create
	// Update replaces a file whose bytes differ.
	Update
	// Remove deletes an ssegen file that is no longer made.
	Remove
)

func (a Action) String() string {
	switch a {
	case Keep:
		return "keep"
	case Create:
		return "create"
	case Update:
		return "update"
	case Remove:
		return "remove"
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// Change is one file of a Plan.
type Change struct {
	// Path is the file on disk: Root joined with the File's Path.
	Path   string
	Action Action
	// Old is the file's current content (nil when it does not exist).
	Old []byte
	// New is the content it should have (nil for Remove).
	New []byte
}

// Plan compares outs with the disk and returns one Change per file, sorted
// by Path, without writing anything. It fails, before anything is written,
// when a path is malformed or made twice, when content lacks ssegen's
// header, or when a file in the way was not written by ssegen.
func Plan(outs []Output) ([]Change, error) {
	var errs []error
	made := map[string]bool{} // absolute paths of every file made
	var changes []Change
	for _, o := range outs {
		for _, f := range o.Files {
			p, err := diskPath(o.Root, f.Path)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			key, err := filepath.Abs(p)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if made[key] {
				errs = append(errs, fmt.Errorf("%s: made twice", p))
				continue
			}
			made[key] = true
			if !Owned(f.Path, f.Content) {
				errs = append(errs, fmt.Errorf("%s: generated content must begin with the line %q", p, Header(f.Path)))
				continue
			}
			c, err := planFile(p, f)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			changes = append(changes, c)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	stale, err := staleFiles(outs, made)
	if err != nil {
		return nil, err
	}
	changes = append(changes, stale...)
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	return changes, nil
}

// diskPath checks a File's Path and joins it to root.
func diskPath(root, rel string) (string, error) {
	if rel == "" || path.IsAbs(rel) || strings.Contains(rel, `\`) || path.Clean(rel) != rel ||
		rel == ".." || strings.HasPrefix(rel, "../") || filepath.IsAbs(filepath.FromSlash(rel)) {
		return "", fmt.Errorf("%q: a generated file's path must be relative, clean and slash-separated", rel)
	}
	return filepath.Join(root, filepath.FromSlash(rel)), nil
}

// planFile decides what to do with one made file.
func planFile(p string, f File) (Change, error) {
	old, err := os.ReadFile(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Change{Path: p, Action: Create, New: f.Content}, nil
	case err != nil:
		return Change{}, err
	case !Owned(f.Path, old):
		return Change{}, fmt.Errorf("%s: exists and was not written by ssegen (its first line is not %q); move it away or choose another output directory", p, Header(f.Path))
	case bytes.Equal(old, f.Content):
		return Change{Path: p, Action: Keep, Old: old, New: f.Content}, nil
	}
	return Change{Path: p, Action: Update, Old: old, New: f.Content}, nil
}

// staleFiles finds the ssegen files that no output makes any more. It looks
// only in the directories an Output manages (those holding its files, and
// its Dirs), not below them, and only at files with an extension that the
// Output makes, so that one generator never removes another's files.
func staleFiles(outs []Output, made map[string]bool) ([]Change, error) {
	var stale []Change
	seen := map[string]bool{}
	for _, o := range outs {
		exts := map[string]bool{}
		dirs := map[string]bool{}
		for _, f := range o.Files {
			exts[strings.ToLower(path.Ext(f.Path))] = true
			dirs[path.Dir(f.Path)] = true
		}
		for _, d := range o.Dirs {
			if d != "." {
				if _, err := diskPath("", d); err != nil {
					return nil, err
				}
			}
			dirs[d] = true
		}
		for d := range dirs {
			dir := filepath.Join(o.Root, filepath.FromSlash(d))
			entries, err := os.ReadDir(dir)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, err
			}
			for _, e := range entries {
				p := filepath.Join(dir, e.Name())
				key, err := filepath.Abs(p)
				if err != nil {
					return nil, err
				}
				if !e.Type().IsRegular() || made[key] || seen[key] || !exts[strings.ToLower(path.Ext(e.Name()))] {
					continue
				}
				owned, err := ownedOnDisk(p, e.Name())
				if err != nil {
					return nil, err
				}
				if !owned {
					continue
				}
				old, err := os.ReadFile(p)
				if err != nil {
					return nil, err
				}
				seen[key] = true
				stale = append(stale, Change{Path: p, Action: Remove, Old: old})
			}
		}
	}
	return stale, nil
}
