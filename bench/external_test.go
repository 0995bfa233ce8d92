package bench_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/bench"
)

const externalTSV = "instance\tsolver\tstatus\tobjective\tseconds\twall\tnote\n" +
	"pdu\tlemon-ns\toptimal\t1449758\t0.0036\t0.032\tsolve time excludes reading the file\n" +
	"pdu\tclp-minmax\toptimal\t1.000764137\t0.152\t0.196\tdual simplex\n" +
	"pdu\tcbc-gap\ttime-limit\t1478097.00000000\t5.28\t5.355\tStopped on time limit\n" +
	"\n" +
	"region\tlemon-ns\tfailed\t\t\t1.5\texit 1\n"

func TestReadExternal(t *testing.T) {
	got, err := bench.ReadExternal(strings.NewReader(externalTSV))
	if err != nil {
		t.Fatalf("ReadExternal: %v", err)
	}
	want := []bench.External{
		{Instance: "pdu", Solver: "lemon-ns", Status: "optimal", Objective: "1449758", Seconds: 0.0036, Wall: 0.032, Note: "solve time excludes reading the file"},
		{Instance: "pdu", Solver: "clp-minmax", Status: "optimal", Objective: "1.000764137", Seconds: 0.152, Wall: 0.196, Note: "dual simplex"},
		{Instance: "pdu", Solver: "cbc-gap", Status: "time-limit", Objective: "1478097.00000000", Seconds: 5.28, Wall: 5.355, Note: "Stopped on time limit"},
		{Instance: "region", Solver: "lemon-ns", Status: "failed", Wall: 1.5, Note: "exit 1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadExternal() mismatch (-want +got):\n%s", diff)
	}
	exact := []bool{}
	for _, e := range got {
		_, ok := e.Exact()
		exact = append(exact, ok)
	}
	if diff := cmp.Diff([]bool{true, false, true, false}, exact); diff != "" {
		t.Errorf("Exact() mismatch (-want +got):\n%s", diff)
	}
}

func TestReadExternalErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		in     string
		lines  []string // line numbers the error must name
	}{
		{"empty", "no header", "", nil},
		{"no header", "the header is required", "pdu\tlemon-ns\toptimal\t1\t1\t1\tx\n", []string{"line 1"}},
		{"fields", "seven fields per line", "instance\tsolver\tx\n" + "pdu\tlemon-ns\n", []string{"line 2"}},
		{"numbers", "every bad number is reported", "instance\tsolver\tx\n" + "pdu\tlemon-ns\toptimal\tabc\t1\t1\tn\n" + "pdu\tlemon-cs\toptimal\t1\t-1\tz\tn\n", []string{"line 2", "line 3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := bench.ReadExternal(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("ReadExternal() = nil error, want one (%s)", tc.reason)
			}
			for _, l := range tc.lines {
				if !strings.Contains(err.Error(), l+":") {
					t.Errorf("error %q does not name %s (%s)", err, l, tc.reason)
				}
			}
		})
	}
}

func FuzzReadExternal(f *testing.F) {
	f.Add(externalTSV)
	f.Add("instance\tsolver\t\n\t\t\t\t\t\t\n")
	f.Add("instance\tsolver\tstatus\tobjective\tseconds\twall\tnote\nx\ty\tz\t1e400\tNaN\t1\t\n")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := bench.ReadExternal(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, e := range got {
			if e.Instance == "" || e.Solver == "" || e.Seconds < 0 || e.Wall < 0 {
				t.Fatalf("accepted a bad line: %+v", e)
			}
		}
	})
}

func TestChecks(t *testing.T) {
	ext, err := bench.ReadExternal(strings.NewReader(externalTSV))
	if err != nil {
		t.Fatal(err)
	}
	in := &bench.Instance{Offset: 100}
	in.Runs = []bench.StrategyRun{{Label: "optimal"}}
	in.Runs[0].Stats.Bound, in.Runs[0].Stats.HasBound = 1449858, true
	rep := &bench.Report{Instances: []*bench.Instance{in}}
	in.Size.Name = "pdu"
	rep.Attach(ext)
	type check struct {
		Solver   string
		HasTotal bool
		Equal    bool
	}
	var got []check
	for _, c := range in.Checks() {
		got = append(got, check{c.Solver, c.HasTotal, c.Equal})
	}
	want := []check{{"lemon-ns", true, true}, {"clp-minmax", false, false}, {"cbc-gap", true, false}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Checks() mismatch (-want +got):\n%s", diff)
	}
	if have, eq := in.LEMONMatches(); !have || !eq {
		t.Errorf("LEMONMatches() = %v, %v, want true, true", have, eq)
	}
}

// TestRunScriptMissingTools runs external/run.sh with a PATH that holds
// none of the solvers: without --install it must stop with exit status 3
// and name the Debian packages.
func TestRunScriptMissingTools(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dirname, err := exec.LookPath("dirname")
	if err != nil {
		t.Skip("no dirname")
	}
	bin, dir := t.TempDir(), t.TempDir()
	if err := os.Symlink(dirname, filepath.Join(bin, "dirname")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "instances.tsv"), []byte("pdu\t1\t1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join("external", "run.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bash, script, dir)
	cmd.Env = []string{"PATH=" + bin}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Fatalf("run.sh = %v, want exit status 3; stderr:\n%s", err, stderr.String())
	}
	for _, pkg := range []string{"coinor-clp", "coinor-cbc", "glpk-utils", "g++", "--install"} {
		if !strings.Contains(stderr.String(), pkg) {
			t.Errorf("stderr %q does not name %s", stderr.String(), pkg)
		}
	}
}

// TestRunExternal runs a stand-in script through RunExternal and checks
// the arguments it passes.
func TestRunExternal(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "fake.sh")
	if err := os.WriteFile(script, []byte("echo \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	if err := bench.RunExternal(context.Background(), script, "OUT", true, 7, &log); err != nil {
		t.Fatalf("RunExternal: %v", err)
	}
	if diff := cmp.Diff("--install --mip-seconds 7 OUT\n", log.String()); diff != "" {
		t.Errorf("script arguments mismatch (-want +got):\n%s", diff)
	}
	if err := bench.RunExternal(context.Background(), filepath.Join(dir, "missing.sh"), "OUT", false, 7, &log); err == nil {
		t.Errorf("RunExternal(missing script) = nil error, want one")
	}
}
