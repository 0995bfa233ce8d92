package tiering

import (
	"fmt"
	"strings"
	"time"

	"github.com/probationkit/probation"
)

// Date is a civil date (year, month, day) with no time of day and no time
// zone, such as a registration date or a release date. It is comparable
// with == and ordered by [Date.Compare]; its zero value means "no date"
// and is not valid.
//
// Dates exist so that the classifier never reads the clock: the v3
// lifer/IPP rule counts back from [Settings.AsOf], a Date the caller
// passes.
type Date struct {
	ymd int32 // year*10000 + month*100 + day; 0 for the zero Date
}

// DateOf returns the date year-month-day. Out-of-range months and days are
// normalised as [time.Date] does (October 32 is November 1). Years outside
// 1–9999 give the zero Date.
func DateOf(year int, month time.Month, day int) Date {
	return DateFromTime(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateFromTime returns the calendar date of t in t's location, or the
// zero Date if its year is outside 1–9999.
func DateFromTime(t time.Time) Date {
	y, m, d := t.Date()
	if y < 1 || y > 9999 {
		return Date{}
	}
	return Date{int32(y*10000 + int(m)*100 + d)}
}

// Year returns the year of d (0 for the zero Date).
func (d Date) Year() int { return int(d.ymd / 10000) }

// Month returns the month of d (0 for the zero Date).
func (d Date) Month() time.Month { return time.Month(d.ymd / 100 % 100) }

// Day returns the day of the month of d (0 for the zero Date).
func (d Date) Day() int { return int(d.ymd % 100) }

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d.ymd == 0 }

// IsValid reports whether d is a real calendar date in the years 1–9999.
func (d Date) IsValid() bool {
	y, m, dd := d.Year(), d.Month(), d.Day()
	if y < 1 || y > 9999 || m < 1 || m > 12 || dd < 1 {
		return false
	}
	return dd <= daysIn(m, y)
}

// Time returns d as midnight UTC. The zero Date gives the zero time.Time.
func (d Date) Time() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

// AddYears returns d moved by n years. As java.time.LocalDate.plusYears
// does (and so as hmpps-tier does), 29 February moves to 28 February in a
// year that is not a leap year; time.Date would move it to 1 March. The
// zero Date stays zero.
func (d Date) AddYears(n int) Date {
	if d.IsZero() {
		return d
	}
	y, m, dd := d.Year()+n, d.Month(), d.Day()
	if y < 1 || y > 9999 {
		return Date{}
	}
	if last := daysIn(m, y); dd > last {
		dd = last
	}
	return Date{int32(y*10000 + int(m)*100 + dd)}
}

// AddDays returns d moved by n days. The zero Date stays zero.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return DateOf(d.Year(), d.Month(), d.Day()+n)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e. The
// zero Date is before every other date.
func (d Date) Compare(e Date) int {
	switch {
	case d.ymd < e.ymd:
		return -1
	case d.ymd > e.ymd:
		return 1
	}
	return 0
}

// Equal reports whether d and e are the same date (it lets go-cmp compare
// Dates).
func (d Date) Equal(e Date) bool { return d == e }

// String returns d as "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if !d.IsValid() {
		return fmt.Sprintf("Date(%d)", d.ymd)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year(), int(d.Month()), d.Day())
}

// ParseDate parses an ISO 8601 calendar date "2006-01-02", ignoring
// surrounding space. The empty string parses as the zero Date. The error
// of a date that does not parse says "want YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	u := strings.TrimSpace(s)
	if u == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, u)
	if err != nil {
		return Date{}, &dateError{Text: s, Want: "want YYYY-MM-DD"}
	}
	d := DateFromTime(t)
	if d.IsZero() {
		return Date{}, &dateError{Text: s, Want: "want YYYY-MM-DD with a year from 0001 to 9999"}
	}
	return d, nil
}

// dateError is the error of [ParseDate]: text that is not a date.
type dateError struct {
	Text string // the text as given
	Want string // what was wanted, such as "want YYYY-MM-DD"
}

// Error returns "tiering: invalid date "<text>": want YYYY-MM-DD", the
// text shortened to [probation.MaxValueLen] bytes.
func (e *dateError) Error() string {
	return fmt.Sprintf("tiering: invalid date %q: %s", probation.Shorten(e.Text), e.Want)
}

// Message returns what was wanted, for a [probation.FieldError].
func (e *dateError) Message() string { return e.Want }

// MustParseDate is like [ParseDate] but panics on error. It is intended
// for tests and examples with literal dates.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// MarshalText returns the String form; the zero Date marshals as empty
// text.
func (d Date) MarshalText() ([]byte, error) {
	if !d.IsZero() && !d.IsValid() {
		return nil, fmt.Errorf("tiering: cannot marshal invalid %v", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses text with [ParseDate].
func (d *Date) UnmarshalText(text []byte) error {
	v, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// daysIn returns the number of days in month m of year y.
func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}
