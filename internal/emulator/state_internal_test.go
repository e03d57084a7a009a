package emulator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A failed save keeps the state dirty, so the next call retries it, and leaves no
// temporary file behind, also when the rename fails.
func TestSaveFailureIsRetriedAndLeavesNoTempFile(t *testing.T) {
	dir := t.TempDir()
	// The state path is a non-empty directory: writing the temporary file beside it works,
	// renaming over it fails.
	path := filepath.Join(dir, "state.json")
	if err := os.MkdirAll(filepath.Join(path, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	e := &Emulator{cfg: Config{StatePath: path}, st: newState()}
	e.dirty = true
	if err := e.saveIfDirtyLocked(); err == nil {
		t.Fatal("save over a directory succeeded")
	}
	if !e.dirty {
		t.Fatal("failed save cleared the dirty flag")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, ent := range entries {
		if strings.HasPrefix(ent.Name(), ".beian-emulator-state-") {
			t.Fatalf("temporary file left behind: %s", ent.Name())
		}
	}
	// Once the obstacle is gone the retry writes the file and clears the flag.
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
	if err := e.saveIfDirtyLocked(); err != nil {
		t.Fatal(err)
	}
	if e.dirty {
		t.Fatal("dirty after a successful save")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}
