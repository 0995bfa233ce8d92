package caseload

import (
	"fmt"
	"strings"
	"time"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// CaseType is how a case is supervised, the column of the WMT points
// table: community, licence or custody. The zero CaseType is invalid.
// (WMT and Delius spell licence "LICENSE"; ParseCaseType accepts both.)
type CaseType uint8

// The case types.
const (
	Community CaseType = iota + 1
	Licence
	Custody
	numCaseTypes
)

// NumCaseTypes is one more than the largest CaseType value.
const NumCaseTypes = int(numCaseTypes)

var caseTypeNames = [...]string{"", "COMMUNITY", "LICENCE", "CUSTODY"}

// IsValid reports whether t is Community, Licence or Custody.
func (t CaseType) IsValid() bool { return t >= Community && t < numCaseTypes }

// String returns "COMMUNITY", "LICENCE" or "CUSTODY".
func (t CaseType) String() string {
	if !t.IsValid() {
		return fmt.Sprintf("CaseType(%d)", uint8(t))
	}
	return caseTypeNames[t]
}

// ParseCaseType parses a case type, ignoring case; "LICENSE" (the Delius
// and WMT spelling) is accepted for Licence.
func ParseCaseType(s string) (CaseType, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	if u == "LICENSE" {
		return Licence, nil
	}
	for i, n := range caseTypeNames {
		if n != "" && n == u {
			return CaseType(i), nil
		}
	}
	return 0, fmt.Errorf("caseload: unknown case type %q: want COMMUNITY, LICENCE or CUSTODY", s)
}

// MarshalText returns the String form.
func (t CaseType) MarshalText() ([]byte, error) {
	if !t.IsValid() {
		return nil, fmt.Errorf("caseload: cannot marshal invalid %v", t)
	}
	return []byte(t.String()), nil
}

// UnmarshalText parses text with ParseCaseType.
func (t *CaseType) UnmarshalText(text []byte) error {
	v, err := ParseCaseType(string(text))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// RowType is the WMT case row type (hmpps-workload V1_13__ADD_REF_DATA.sql,
// row_type_definitions). The zero RowType is Normal.
type RowType uint8

// The row types, with their WMT codes.
const (
	Normal             RowType = iota // N
	SuspendedLifer                    // L
	SuspendedSentence                 // S
	PersistentProlific                // P
	IntegratedOffender                // I: Integrated Offender Management
	OverdueTermination                // O
	UnpaidWorkOnly                    // U: only unpaid work outstanding
	ActiveWarrant                     // W
	numRowTypes
)

var rowTypeCodes = [...]string{"N", "L", "S", "P", "I", "O", "U", "W"}

// IsValid reports whether r is a known row type.
func (r RowType) IsValid() bool { return r < numRowTypes }

// String returns the one-letter WMT code ("N", "W", "U" …).
func (r RowType) String() string {
	if !r.IsValid() {
		return fmt.Sprintf("RowType(%d)", uint8(r))
	}
	return rowTypeCodes[r]
}

// ParseRowType parses a one-letter WMT row type code, ignoring case; an
// empty string is Normal.
func ParseRowType(s string) (RowType, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	if u == "" {
		return Normal, nil
	}
	for i, c := range rowTypeCodes {
		if c == u {
			return RowType(i), nil
		}
	}
	return 0, fmt.Errorf("caseload: unknown row type %q: want one of N, L, S, P, I, O, U, W", s)
}

// MarshalText returns the String form.
func (r RowType) MarshalText() ([]byte, error) {
	if !r.IsValid() {
		return nil, fmt.Errorf("caseload: cannot marshal invalid %v", r)
	}
	return []byte(r.String()), nil
}

// UnmarshalText parses text with ParseRowType.
func (r *RowType) UnmarshalText(text []byte) error {
	v, err := ParseRowType(string(text))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Location is a point on the map in kilometres east and north of an
// arbitrary origin (for example British National Grid eastings and
// northings divided by 1,000). The zero Location means "unknown".
type Location struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// IsZero reports whether l is the zero (unknown) Location.
func (l Location) IsZero() bool { return l == Location{} }

// Case is one person on probation's case (one event), as the workload and
// allocation packages see it.
type Case struct {
	ID   string         `json:"id"`
	Tier tiering.Tier   `json:"tier"`
	Type CaseType       `json:"type"`
	T2A  bool           `json:"t2a,omitempty"` // Transition to Adulthood: weighted from the T2A row
	Row  RowType        `json:"row,omitempty"`
	Team string         `json:"team"`
	Risk grades.Profile `json:"risk"`

	// Practitioner is the ID of the practitioner who holds the case now;
	// empty for a case waiting to be allocated.
	Practitioner string `json:"practitioner,omitempty"`
	// Previous is the ID of the practitioner who last held the case, for
	// continuity; empty if none or not known.
	Previous string `json:"previous,omitempty"`

	// RestrictedTo, when non-empty, lists the only practitioners who may
	// see a limited access offender (LAO) case; ExcludedFrom lists
	// practitioners who must not (hmpps-allocations LaoService).
	RestrictedTo []string `json:"restricted_to,omitempty"`
	ExcludedFrom []string `json:"excluded_from,omitempty"`

	Location Location `json:"location,omitzero"`
}

// Practitioner is a member of staff who may hold cases.
type Practitioner struct {
	ID     string       `json:"id"`
	Name   string       `json:"name,omitempty"`
	Grade  grades.Grade `json:"grade"`
	Team   string       `json:"team"`
	PDU    string       `json:"pdu,omitempty"`
	Region string       `json:"region,omitempty"`

	// Hours is the contracted hours per week; 0 means the default hours of
	// the grade.
	Hours      float64     `json:"hours,omitempty"`
	Reductions []Reduction `json:"reductions,omitempty"`
	Location   Location    `json:"location,omitzero"`

	// Reports counts the court reports the practitioner completed in the
	// 30 days before the as-of date; they add points (see [Weights.Reports]).
	Reports Reports `json:"reports,omitzero"`
}

// Reports counts court reports completed in the last 30 days (WMT
// sdrLast30, sdrConvLast30 and totalOralReports; domain/workload.md §1.4).
// The zero Reports is none.
type Reports struct {
	Standard int `json:"standard,omitempty"` // standard delivery reports (SDR/PSR)
	Fast     int `json:"fast,omitempty"`     // fast delivery reports (FDR, "SDR conversion")
	Oral     int `json:"oral,omitempty"`     // oral reports: counted, weighted 0 nationally
}

// Reduction is time taken off a practitioner's caseload capacity for a
// reason in the reduction catalogue (training, leave, facility time …),
// over a period of dates.
type Reduction struct {
	Reason string    `json:"reason"`       // a reason code in the catalogue
	Hours  float64   `json:"hours"`        // hours per week taken off
	Start  time.Time `json:"start"`        // first day in force
	End    time.Time `json:"end,omitzero"` // first day no longer in force; zero = open-ended

	// Status is the status recorded in WMT. The zero value means "from the
	// dates"; Deleted and Archived take the reduction out of force whatever
	// its dates. See [Reduction.StatusAt].
	Status ReductionStatus `json:"status,omitzero"`
}
