package allocation

import "strconv"

// String says why the candidate did not get the case, for a person: for
// an eligible practitioner how much more the case would cost there and
// the main reason ("P2: +1300, would reach 110.6% (+1300)"), otherwise
// why they may not hold it ("P3: PSO ineligible under rosh-high-to-po").
// The chosen practitioner reads "P1: chosen".
func (c Candidate) String() string { return string(c.appendText(nil)) }

// appendText appends String's text to b; the explanations of a batch are
// written this way, without fmt, which took most of their time.
func (c Candidate) appendText(b []byte) []byte {
	b = append(b, c.PractitionerID...)
	switch {
	case c.Reason == 0:
		return append(b, ": chosen"...)
	case !c.Eligible:
		b = append(b, ": "...)
		return append(b, c.Detail...)
	}
	b = append(b, ": "...)
	b = appendSigned(b, c.Extra)
	b = append(b, ", "...)
	return append(b, c.Detail...)
}

// String describes the decision in one line for a person: the chosen
// practitioner, the workload % they reach, the cost term by term, and each
// alternative with why it lost.
func (e Explanation) String() string { return string(e.appendText(make([]byte, 0, explanationBytes))) }

// explanationBytes is room for a typical explanation's text: with its
// cost in two or three terms and two alternatives it takes 150–200
// bytes.
const explanationBytes = 256

// appendText appends String's text to b.
func (e Explanation) appendText(b []byte) []byte {
	b = append(b, e.CaseID...)
	b = append(b, " → "...)
	b = append(b, e.PractitionerID...)
	b = append(b, " at "...)
	b = appendPercent(b, e.AfterPercent)
	b = append(b, ", cost "...)
	b = e.Cost.appendText(b)
	for _, a := range e.Alternatives {
		b = append(b, "; not "...)
		b = a.appendText(b)
	}
	return b
}

// appendSigned appends v with its sign, as fmt's %+d.
func appendSigned(b []byte, v int64) []byte {
	if v >= 0 {
		b = append(b, '+')
	}
	return strconv.AppendInt(b, v, 10)
}

// appendPercent appends a workload % to one decimal place and a percent
// sign, as fmt's %.1f%%.
func appendPercent(b []byte, p float64) []byte {
	b = strconv.AppendFloat(b, p, 'f', 1, 64)
	return append(b, '%')
}
