package bench_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/bench"
)

func TestTableWrite(t *testing.T) {
	tab := &bench.Table{
		Header: []string{"Strategy", "Objective", "Note"},
		Align:  "lrl",
		Rows: [][]string{
			{"optimal", "1,453,708", "a|b"},
			{"round-robin", "9", ""},
			{"short"},
		},
	}
	want := "" +
		"| Strategy    | Objective | Note |\n" +
		"| ----------- | --------: | ---- |\n" +
		"| optimal     | 1,453,708 | a\\|b |\n" +
		"| round-robin |         9 |      |\n" +
		"| short       |           |      |\n"
	var buf bytes.Buffer
	if err := tab.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("Table.Write mismatch (-want +got):\n%s", diff)
	}
}

func TestFormats(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		got    string
		want   string
	}{
		{"int small", "no separator below 1,000", bench.Int(999), "999"},
		{"int", "commas every three digits", bench.Int(1234567), "1,234,567"},
		{"int negative", "sign kept in front", bench.Int(-1234), "-1,234"},
		{"int zero", "zero", bench.Int(0), "0"},
		{"gap small", "a percentage below ×2", bench.Gap(1004, 1000), "+0.40%"},
		{"gap zero", "objective at the bound", bench.Gap(1000, 1000), "+0.00%"},
		{"gap large", "a multiple at or above ×2", bench.Gap(24700, 1000), "×24.7"},
		{"gap no bound", "dash without a bound", bench.Gap(5, 0), "–"},
		{"seconds ms", "milliseconds below 0.1 s", bench.Seconds(0.0123), "12.3 ms"},
		{"seconds tiny", "two decimals below 1 ms", bench.Seconds(0.00042), "0.42 ms"},
		{"seconds", "two decimals below 10 s", bench.Seconds(3.456), "3.46 s"},
		{"seconds long", "one decimal from 10 s", bench.Seconds(62.46), "62.5 s"},
		{"seconds none", "dash for zero", bench.Seconds(0), "–"},
		{"mib", "whole MiB from 1 MiB", bench.MiB(71 << 20), "71 MiB"},
		{"mib small", "two decimals below 1 MiB", bench.MiB(1 << 18), "0.25 MiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q (%s)", tc.got, tc.want, tc.reason)
			}
		})
	}
}
