// Package data holds the default dataset of examples/allocate, one
// synthetic probation delivery unit (PDU) made by ../gendata, as the three
// CSV files the caseload package reads: cases.csv, practitioners.csv and
// reductions.csv. It exists so that other examples (the nested module
// examples/service) run on the same dataset without a copy of it.
package data

import "embed"

// FS holds cases.csv, practitioners.csv and reductions.csv.
//
//go:embed *.csv
var FS embed.FS
