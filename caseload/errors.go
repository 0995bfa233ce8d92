package caseload

import (
	"cmp"
	"errors"
	"maps"
	"slices"
)

// The Op of each call's *probation.ValidationError.
const (
	opValidate           = "caseload.Validate"
	opBuild              = "caseload.Build"
	opAdd                = "caseload.Caseload.Add"
	opAddReduction       = "caseload.Caseload.AddReduction"
	opAddContacts        = "caseload.Caseload.AddContacts"
	opReadCasesCSV       = "caseload.ReadCasesCSV"
	opReadCasesJSON      = "caseload.ReadCasesJSON"
	opReadPractCSV       = "caseload.ReadPractitionersCSV"
	opReadPractJSON      = "caseload.ReadPractitionersJSON"
	opReadWeightsJSON    = "caseload.ReadWeightsJSON"
	opNewWeightsSet      = "caseload.NewWeightsSet"
	opValidateCapacity   = "caseload.Capacity.Validate"
	opAddPractitioner    = "caseload.Caseload.AddPractitioner"
	opUpdatePractitioner = "caseload.Caseload.UpdatePractitioner"
	opEndReduction       = "caseload.Caseload.EndReduction"
	opUpdateCase         = "caseload.Caseload.UpdateCase"
	recordCase           = "case"
	recordPractitioner   = "practitioner"
	recordReduction      = "reduction"
	recordContact        = "contact"
	recordWeights        = "weights"
	recordCapacity       = "capacity"
	recordFile           = "file"
)

// ErrUnknown is wrapped by the errors of calls that name a case or a
// practitioner the caseload does not hold (errors.Is(err, ErrUnknown)).
var ErrUnknown = errors.New("caseload: unknown ID")

// sortedKeys returns the keys of m in increasing order.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}
