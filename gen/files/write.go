package files

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write brings the disk in line with outs: it creates and updates files
// whose bytes differ, leaves identical files untouched, and removes the
// ssegen files no output makes any more (see Plan). Every check runs
// before the first write, so a bad file means nothing is written. Each
// file is replaced atomically: readers see the old or the new bytes, never
// a mix. It returns the plan it carried out.
func Write(outs []Output) ([]Change, error) {
	changes, err := Plan(outs)
	if err != nil {
		return nil, err
	}
	for _, c := range changes {
		switch c.Action {
		case Create, Update:
			err = replace(c.Path, c.New)
		case Remove:
			err = os.Remove(c.Path)
			if errors.Is(err, fs.ErrNotExist) {
				err = nil
			}
		}
		if err != nil {
			return changes, fmt.Errorf("writing %s: %w", c.Path, err)
		}
	}
	return changes, nil
}

// replace writes content to a temporary file in the target's directory and
// renames it over the target, which is atomic on one file system.
func replace(p string, content []byte) (err error) {
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(p); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, ".ssegen-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(content); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}
