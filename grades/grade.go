package grades

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/probationkit/probation/internal/enum"
)

// Grade is a practitioner's grade, with the training stage folded in for
// trainees so that one small comparable value says what a practitioner
// may hold. The zero Grade is invalid.
//
// The grades are those of the allocation tool (manage-a-workforce-ui
// AllocateOffenderManager.ts): Probation Officer (PO), Probation Services
// Officer (PSO), Professional Qualification in Probation learner (PQiP,
// a trainee PO), Newly Qualified Officer (NQO), Senior Probation Officer
// (SPO), and DMY, the Delius placeholder for staff with no grade.
//
// A PQiP carries its training stage, from the WMT reduction schedule
// (domain/workload.md §2.5: 80% reduction in months 0–6, 60% in 6–12, 40%
// in 12–18): PQiP1 (months 0–6), PQiP2 (6–12), PQiP3 (12–18) and PQiP4
// (18 months or more, until qualification). PQiP alone means the stage is
// not known; eligibility treats it as the earliest stage, the cautious
// reading.
type Grade uint8

// The grades. PQiP is a trainee whose stage is unknown.
const (
	PO Grade = iota + 1
	PSO
	PQiP
	PQiP1
	PQiP2
	PQiP3
	PQiP4
	NQO
	SPO
	DMY
	numGrades
)

// NumGrades is one more than the largest Grade value, so that a table
// indexed by Grade has NumGrades entries.
const NumGrades = int(numGrades)

var gradeTable = enum.New("grades", "grade", "Grade", PO, "PO", "PSO", "PQiP", "PQiP1", "PQiP2", "PQiP3", "PQiP4", "NQO", "SPO", "DMY").
	WithMessage("want PO, PSO, PQiP, PQiP1-PQiP4, NQO, SPO or DMY")

// IsValid reports whether g is one of the grade constants.
func (g Grade) IsValid() bool { return g >= PO && g < numGrades }

// IsPQiP reports whether g is a trainee (PQiP at any stage, or unknown).
func (g Grade) IsPQiP() bool { return g >= PQiP && g <= PQiP4 }

// Stage returns the training stage 1–4 of a PQiP, 0 for a PQiP whose
// stage is unknown and for every other grade.
func (g Grade) Stage() int {
	if g >= PQiP1 && g <= PQiP4 {
		return int(g-PQiP1) + 1
	}
	return 0
}

// PQiPAt returns the PQiP grade for a trainee who has been in training for
// the given number of whole months: PQiP1 below 6, PQiP2 below 12, PQiP3
// below 18, PQiP4 from 18. A negative number gives PQiP (unknown stage).
func PQiPAt(months int) Grade {
	switch {
	case months < 0:
		return PQiP
	case months < 6:
		return PQiP1
	case months < 12:
		return PQiP2
	case months < 18:
		return PQiP3
	}
	return PQiP4
}

// String returns the grade's code: "PO", "PSO", "PQiP", "PQiP1" … "PQiP4",
// "NQO", "SPO" or "DMY".
func (g Grade) String() string { return gradeTable.String(g) }

// ParseGrade parses the String form of a grade, ignoring case.
func ParseGrade(s string) (Grade, error) { return gradeTable.Parse(s) }

// Compare orders grades by seniority, lowest first, so that
// slices.SortFunc(gs, Grade.Compare) lists them from the least to the most
// qualified: DMY (no grade), PSO (band 3), PQiP with an unknown stage,
// PQiP1 … PQiP4, NQO, PO (band 4), SPO (band 5). Invalid grades sort below
// DMY, ordered by value. It returns -1, 0 or +1 and is a total order
// consistent with ==.
//
// The order is the one eligibility is built on: under the national
// default, each grade from PSO to PO may hold every case the grade before
// it may hold (see National). SPO is most senior but holds no cases by
// default.
func (g Grade) Compare(h Grade) int { return cmp.Compare(g.rank(), h.rank()) }

// gradeRanks gives each valid grade its place in Compare's order; invalid
// grades rank below every valid one.
var gradeRanks = [...]int{
	PO: 18, PSO: 11, PQiP: 12, PQiP1: 13, PQiP2: 14, PQiP3: 15, PQiP4: 16, NQO: 17, SPO: 19, DMY: 10,
}

func (g Grade) rank() int {
	if !g.IsValid() {
		return int(g) - 256
	}
	return gradeRanks[g]
}

// MustParseGrade is like ParseGrade but panics on error. It is intended
// for tests and examples with literal grades.
func MustParseGrade(s string) Grade {
	g, err := ParseGrade(s)
	if err != nil {
		panic(err)
	}
	return g
}

// MarshalText returns the String form; the zero Grade marshals as empty
// text, and another invalid Grade is an error.
func (g Grade) MarshalText() ([]byte, error) { return gradeTable.Marshal(g) }

// UnmarshalText parses text with ParseGrade; empty text is the zero
// Grade, which is invalid.
func (g *Grade) UnmarshalText(text []byte) error { return gradeTable.Unmarshal(text, g) }

// Set is a set of grades, one bit per Grade value. The zero Set is empty.
// It is the optimiser's fast path: a case's eligible grades are computed
// once, and each practitioner is tested with one bit operation.
type Set uint16

// SetOf returns the set holding the given grades.
func SetOf(gs ...Grade) Set {
	var s Set
	for _, g := range gs {
		s = s.With(g)
	}
	return s
}

// AllGrades is the set of every valid grade.
const AllGrades Set = (1<<numGrades - 1) &^ 1

// Trainees is the set of PQiP grades at every stage, the unknown stage
// included.
const Trainees Set = 1<<PQiP | 1<<PQiP1 | 1<<PQiP2 | 1<<PQiP3 | 1<<PQiP4

// Has reports whether g is in s.
func (s Set) Has(g Grade) bool { return g.IsValid() && s&(1<<g) != 0 }

// With returns s with g added; an invalid g leaves s unchanged.
func (s Set) With(g Grade) Set {
	if !g.IsValid() {
		return s
	}
	return s | 1<<g
}

// Without returns s with g removed.
func (s Set) Without(g Grade) Set {
	if !g.IsValid() {
		return s
	}
	return s &^ (1 << g)
}

// Len returns the number of grades in s.
func (s Set) Len() int {
	n := 0
	for g := PO; g < numGrades; g++ {
		if s.Has(g) {
			n++
		}
	}
	return n
}

// Grades returns the grades in s in Grade order.
func (s Set) Grades() []Grade {
	var out []Grade
	for g := PO; g < numGrades; g++ {
		if s.Has(g) {
			out = append(out, g)
		}
	}
	return out
}

// IsValid reports whether s holds only valid grades.
func (s Set) IsValid() bool { return s&^AllGrades == 0 }

// ParseSet parses grade codes joined by "|" or ",", ignoring case and
// spaces, as written by Set.String; "PQiP*" stands for every PQiP grade
// (Trainees), and "{}" or "" for the empty set. An unknown code is an error.
func ParseSet(text string) (Set, error) {
	var s Set
	t := strings.TrimSpace(text)
	if t == "{}" {
		return 0, nil
	}
	for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == '|' || r == ',' }) {
		p := strings.TrimSpace(part)
		if p == "" {
			continue
		}
		if strings.EqualFold(p, "PQiP*") {
			s |= Trainees
			continue
		}
		g, err := ParseGrade(p)
		if err != nil {
			return 0, err
		}
		s = s.With(g)
	}
	return s, nil
}

// MarshalText returns the String form; an invalid Set is an error.
func (s Set) MarshalText() ([]byte, error) {
	if !s.IsValid() {
		return nil, fmt.Errorf("grades: cannot marshal invalid grade set %#x", uint16(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText parses text with ParseSet.
func (s *Set) UnmarshalText(text []byte) error {
	v, err := ParseSet(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// String returns the grades in s joined by "|", or "{}" when empty.
func (s Set) String() string {
	gs := s.Grades()
	if len(gs) == 0 {
		return "{}"
	}
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = g.String()
	}
	return strings.Join(parts, "|")
}
