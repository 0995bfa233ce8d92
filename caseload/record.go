package caseload

import (
	"time"

	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/internal/enum"
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

var caseTypeTable = enum.New("caseload", "case type", "CaseType", Community, "COMMUNITY", "LICENCE", "CUSTODY").
	WithAliases(map[string]CaseType{"LICENSE": Licence})

// IsValid reports whether t is Community, Licence or Custody.
func (t CaseType) IsValid() bool { return t >= Community && t <= Custody }

// String returns "COMMUNITY", "LICENCE" or "CUSTODY".
func (t CaseType) String() string { return caseTypeTable.String(t) }

// ParseCaseType parses a case type, ignoring case; "LICENSE" (the Delius
// and WMT spelling) is accepted for Licence.
func ParseCaseType(s string) (CaseType, error) { return caseTypeTable.Parse(s) }

// MarshalText returns the String form.
func (t CaseType) MarshalText() ([]byte, error) { return caseTypeTable.Marshal(t) }

// UnmarshalText parses text with ParseCaseType.
func (t *CaseType) UnmarshalText(text []byte) error { return caseTypeTable.Unmarshal(text, t) }

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

var rowTypeTable = enum.New("caseload", "row type", "RowType", Normal, "N", "L", "S", "P", "I", "O", "U", "W").
	WithAliases(map[string]RowType{"": Normal})

// IsValid reports whether r is a known row type.
func (r RowType) IsValid() bool { return r <= ActiveWarrant }

// String returns the one-letter WMT code ("N", "W", "U" …).
func (r RowType) String() string { return rowTypeTable.String(r) }

// ParseRowType parses a one-letter WMT row type code, ignoring case; an
// empty string is Normal.
func ParseRowType(s string) (RowType, error) { return rowTypeTable.Parse(s) }

// MarshalText returns the String form.
func (r RowType) MarshalText() ([]byte, error) { return rowTypeTable.Marshal(r) }

// UnmarshalText parses text with ParseRowType.
func (r *RowType) UnmarshalText(text []byte) error { return rowTypeTable.Unmarshal(text, r) }

// Location is a point on the map in kilometres east and north of an
// arbitrary origin (for example British National Grid eastings and
// northings divided by 1,000). The zero Location means "unknown". Each
// coordinate of a valid record is finite and at most [MaxCoordinate] km
// from the origin.
type Location struct {
	X float64 `json:"x_km"` // km east
	Y float64 `json:"y_km"` // km north
}

// MaxCoordinate bounds each coordinate of a Location, in km either side
// of the origin. It is far larger than any distance in Great Britain
// (the British National Grid spans 700 km by 1,300 km) and small enough
// that no sum or product of distances a consumer forms (the allocation
// package's travel costs) can overflow: records with a coordinate beyond
// it are rejected.
const MaxCoordinate = 10_000.0

// IsZero reports whether l is the zero (unknown) Location.
func (l Location) IsZero() bool { return l == Location{} }

// Case is one person on probation's case (one event), as the workload and
// allocation packages see it.
//
// Its IDs — ID, Team, Practitioner, Previous and the entries of
// RestrictedTo and ExcludedFrom — are compared exactly. ID is required;
// an ID with surrounding white space is rejected, not trimmed (trimming
// could merge two records, keeping it would make "C1 " a second case
// beside "C1"), and so is an empty entry in a list.
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

// Practitioner is a member of staff who may hold cases. Its ID (required),
// Team, PDU and Region are compared exactly and rejected, not trimmed,
// when they have surrounding white space, as a [Case]'s IDs are.
type Practitioner struct {
	ID     string       `json:"id"`
	Name   string       `json:"name,omitempty"`
	Grade  grades.Grade `json:"grade"`
	Team   string       `json:"team"`
	PDU    string       `json:"pdu,omitempty"`
	Region string       `json:"region,omitempty"`

	// Hours is the contracted hours per week, 0 to [MaxHours]; nil means
	// "not recorded": the default hours of the grade. An explicit 0 means
	// no contracted hours (seconded, on a career break): no capacity, as
	// in WMT. In JSON an absent or null "hours" is nil and 0 is 0; in CSV
	// an empty cell is nil and "0" is 0.
	Hours      *float64    `json:"hours,omitempty"`
	Reductions []Reduction `json:"reductions,omitempty"`
	Location   Location    `json:"location,omitzero"`

	// Reports counts the court reports the practitioner completed in the
	// 30 days before the as-of date; they add points (see [Weights.Reports]).
	Reports Reports `json:"reports,omitzero"`
}

// Reports counts court reports completed in the last 30 days (WMT
// sdrLast30, sdrConvLast30 and totalOralReports; domain/workload.md §1.4).
// The zero Reports is none. Each count is 0 to [MaxReports].
type Reports struct {
	Standard int `json:"standard,omitempty"` // standard delivery reports (SDR/PSR)
	Fast     int `json:"fast,omitempty"`     // fast delivery reports (FDR, "SDR conversion")
	Oral     int `json:"oral,omitempty"`     // oral reports: counted, weighted 0 nationally
}

// MaxReports bounds each count of [Reports]: a practitioner completes a
// few court reports a day at most, so 1,000 in 30 days is far above any
// real count, and it keeps report points (at most 999 each) well inside
// any integer.
const MaxReports = 1000

// Reduction is time taken off a practitioner's caseload capacity for a
// reason in the reduction catalogue (training, leave, facility time …),
// over a period of dates.
type Reduction struct {
	Reason string    `json:"reason"`       // a reason code in the catalogue
	Hours  float64   `json:"hours"`        // hours per week taken off, 0 to MaxHours
	Start  time.Time `json:"start"`        // first day in force
	End    time.Time `json:"end,omitzero"` // first day no longer in force; zero = open-ended

	// Status is the status recorded in WMT. The zero value means "from the
	// dates"; Deleted and Archived take the reduction out of force whatever
	// its dates. See [Reduction.StatusAt].
	Status ReductionStatus `json:"status,omitzero"`
}
