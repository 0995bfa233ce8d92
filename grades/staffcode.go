package grades

import (
	"fmt"
	"strings"

	"github.com/probationkit/probation"
)

// staffCodes maps NDelius staff grade codes (upper case) to grades. It
// is the union of two sources that agree wherever they overlap:
//
//   - the current four-code map, PSM → PO, PSQ → PSO, PSP → PQiP and
//     PSC → SPO (workforce-allocations-to-delius
//     Mappings.toAllocationsGradeCode and hmpps-allocations
//     hmppsallocations.mapper; shared/domain/allocation.md §2.6),
//     with TPO → PQiP and NPSM → PO from hmpps-workload's former
//     DefaultGradeMapper (domain/workload.md §2.1);
//   - the legacy WMT lists (wmt-probation-rules and wmt-worker
//     context-map/om-grade-code.js; domain/workload.md §2.1), where the
//     WMT type TPO is the trainee grade PQiP.
//
// The legacy list also names "the CRC/NPS – PQF variants" without
// spelling the codes out; they are not guessed here, so such a code is
// reported as unknown.
var staffCodes = func() map[string]Grade {
	m := make(map[string]Grade)
	add := func(g Grade, codes ...string) {
		for _, c := range codes {
			m[c] = g
		}
	}
	add(SPO, "C", "B", "A", "NPSC", "PSC", "PSB", "PSA", "CRCB", "CRCA", "NPSB")
	add(PQiP, "P", "L", "K", "CRCP", "NPSP", "PSP", "CPQF", "TPO")
	add(PSO, "Q", "Z", "Y", "CRCQ", "NPSQ", "PSQ", "CRC1", "CRC2", "CRCC", "PS4")
	add(PO, "M", "E", "D", "O", "J", "H", "N", "G", "F", "CRCM", "CRCO", "CRCN", "NPSM", "NPSO", "NPSN", "PSM", "PSO", "PSN")
	add(DMY, "", "DMY")
	return m
}()

// FromStaffCode maps an NDelius staff grade code to a Grade, ignoring
// case and surrounding spaces: PSM → PO, PSQ → PSO, PSP → PQiP, PSC → SPO,
// and the legacy WMT code lists (see the domain notes cited on
// staffCodes). A blank code and "DMY" give DMY, the grade for staff with
// no grade recorded, as both hmpps-workload (client/dto/Grade.kt) and WMT
// do.
//
// Any other code is reported as an *UnknownCodeError, never guessed:
// the live services map unknown codes to DMY silently, which hides a
// data problem from the person allocating.
//
// Beware that these are Delius codes, not grade names: the legacy code
// "PSO" is a Probation Officer code in WMT and maps to PO. Use ParseGrade
// for the grade names that String returns. A trainee's code gives PQiP
// with an unknown stage; use PQiPAt with the months in training to get
// the stage.
func FromStaffCode(code string) (Grade, error) {
	if g, ok := staffCodes[strings.ToUpper(strings.TrimSpace(code))]; ok {
		return g, nil
	}
	return 0, &UnknownCodeError{Kind: "staff grade", Code: code}
}

// UnknownCodeError reports a code that the package has no mapping for.
// FromStaffCode returns it.
type UnknownCodeError struct {
	Kind string // what the code is: "staff grade" or "registration"
	Code string // the code as given
}

// Error returns "grades: unknown <kind> code \"<code>\"", the code cut to
// probation.MaxValueLen bytes.
func (e *UnknownCodeError) Error() string {
	return fmt.Sprintf("grades: unknown %s code %q", e.Kind, probation.Shorten(e.Code))
}
