package bench

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
)

// Machine describes the machine the harness runs on, for a report's
// header: the CPU model, logical CPUs, memory, OS, architecture and Go
// version (from /proc on Linux; "unknown CPU" elsewhere).
func Machine() string {
	cpu := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	mem := ""
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var kb int64
			if n, _ := fmt.Sscanf(sc.Text(), "MemTotal: %d kB", &kb); n == 1 {
				mem = fmt.Sprintf(", %.0f GiB memory", float64(kb)/(1<<20))
				break
			}
		}
		f.Close()
	}
	return fmt.Sprintf("%s, %d logical CPUs%s, %s/%s, %s", cpu, runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// CommandLine reconstructs a command run from the bench directory, for a
// report's header: prefix (such as "cd bench && go run ./cmd/compare")
// followed by the flags of fs that were set, "-name" for a true boolean
// and "-name value" otherwise.
func CommandLine(prefix string, fs *flag.FlagSet) string {
	args := []string{prefix}
	fs.Visit(func(f *flag.Flag) {
		if f.Value.String() == "true" {
			args = append(args, "-"+f.Name)
		} else {
			args = append(args, "-"+f.Name+" "+f.Value.String())
		}
	})
	return strings.Join(args, " ")
}
