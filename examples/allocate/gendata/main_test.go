package main

import (
	"github.com/probationkit/probation/internal/synth"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedData checks that the committed default dataset is what the
// generator makes, so that it can always be rebuilt from the seed.
func TestCommittedData(t *testing.T) {
	dir := t.TempDir()
	if err := run(dir, 2026, synth.Size{Name: "default-pdu", Cases: 2330, Practitioners: 70, New: 42}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"cases.csv", "practitioners.csv", "reductions.csv"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "data", name))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: generated file differs from examples/allocate/data/%s; rerun go run ./examples/allocate/gendata", name, name)
		}
	}
}
