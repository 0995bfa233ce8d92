package grades_test

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// regionCases is the size of the issue's benchmark: 240,000 cases.
const regionCases = 240_000

var (
	profilesOnce sync.Once
	profiles     []grades.Profile
	sinkSet      grades.Set
	sinkDecision grades.Decision
	sinkPolicy   *grades.Policy
)

// benchProfiles returns regionCases profiles from a seeded generator,
// with a rough national mix: most cases low or medium RoSH, a few MAPPA,
// a third with domestic abuse.
func benchProfiles() []grades.Profile {
	profilesOnce.Do(func() {
		rng := rand.New(rand.NewPCG(2026, 3))
		pick := func(weights ...int) int {
			n := rng.IntN(100)
			for i, w := range weights {
				if n < w {
					return i
				}
				n -= w
			}
			return len(weights) - 1
		}
		profiles = make([]grades.Profile, regionCases)
		for i := range profiles {
			c := grades.Profile{
				RoSH:       tiering.RoSH(pick(10, 30, 40, 17, 3)),
				Tier:       tiering.Tier(1 + rng.IntN(32)),
				V3:         tiering.V3Tier(rng.IntN(10)),
				MAPPALevel: tiering.MAPPALevel(pick(90, 7, 2, 1)),
			}
			if c.MAPPALevel != tiering.MAPPANone {
				c.MAPPACategory = tiering.MAPPACategory(1 + rng.IntN(4))
			}
			for bit := range 10 {
				if rng.IntN(100) < []int{33, 8, 10, 6, 3, 1, 1, 2, 2, 1}[bit] {
					c.Flags |= 1 << bit
				}
			}
			profiles[i] = c
		}
	})
	return profiles
}

// BenchmarkEligible computes the eligible-grade sets of a region's
// 240,000 cases per iteration (the issue asks for under 200 ms on 2 cores).
func BenchmarkEligible(b *testing.B) {
	cs := benchProfiles()
	for _, bc := range []struct {
		name string
		p    *grades.Policy
	}{
		{"national", grades.National()},
		{"local", localPolicy(b).In("North West", "Manchester North")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var s grades.Set
			for b.Loop() {
				for _, c := range cs {
					ok, warn := bc.p.Eligible(c)
					s ^= ok ^ warn
				}
			}
			sinkSet = s
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/regionCases, "ns/case")
		})
	}
}

// BenchmarkDecide is the slow path: one full decision with its reason.
func BenchmarkDecide(b *testing.B) {
	cs := benchProfiles()
	p := grades.National()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sinkDecision = p.Decide(cs[i%len(cs)], grades.PSO)
		i++
	}
}

// BenchmarkIn builds a local view (done once per PDU, not per case).
func BenchmarkIn(b *testing.B) {
	p := localPolicy(b)
	b.ReportAllocs()
	for b.Loop() {
		sinkPolicy = p.In("North West", "Manchester North")
	}
}

func TestEligibleAllocs(t *testing.T) {
	p := localPolicy(t).In("North West", "Manchester North")
	cs := benchProfiles()[:1000]
	allocs := testing.AllocsPerRun(10, func() {
		for _, c := range cs {
			ok, warn := p.Eligible(c)
			sinkSet ^= ok ^ warn
		}
	})
	if allocs != 0 {
		t.Errorf("Eligible allocates %v times per 1,000 cases; want 0", allocs)
	}
}
