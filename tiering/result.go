package tiering

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Result is the classification of one case. Its String form is for
// people; its JSON form (MarshalJSON) is the result line of the
// JSON-lines command. Results are small values (about 200 bytes, no
// pointers into the Input) and comparable with ==.
type Result struct {
	// ID is the Input's ID.
	ID string
	// Tier is the v2 tier: protect letter, change level and the S suffix
	// for a PRC registration (hmpps-tier tierScore, such as "B2S").
	Tier Tier
	// ProtectPoints is the protect axis total.
	ProtectPoints int
	// ChangePoints is the change axis total; 0 when there is no mandate
	// for change or no assessment.
	ChangePoints int
	// Version is the v2 rule set used (never zero).
	Version Version
	// V3 is the v3 tier or state; zero when the Input had no V3 inputs.
	V3 V3Tier
	// Provisional is the v3 provisional flag; false when V3 is not a
	// letter.
	Provisional bool

	// rec is what the rules read, kept to explain them on demand.
	rec record
}

// Explanation lists every factor of the classification, in rule order:
// v2 protect (RSR, RoSH, the RSR/RoSH overlap when there is one, MAPPA,
// complexity, the women's factors for women, the protect total), v2
// change (the mandate, then either no assessment or each assessed need,
// OGRS, IOM and the change total), the S suffix, then v3 (the state, or
// the eight steps, the v3 tier and the provisional checks that apply).
//
// Classify records what the rules read but formats nothing, so that
// classifying does not allocate; Explanation re-runs the same rule code
// on that record and allocates the factors. It returns nil for a Result
// that Classify did not produce (the zero Result, or one built by hand).
func (r Result) Explanation() []Factor {
	if !r.rec.has(fLoaded) {
		return nil
	}
	ex := &explainer{factors: make([]Factor, 0, 24)}
	r.rec.protect(ex)
	r.rec.change(ex)
	if r.rec.has(fUnsupervised) {
		ex.result(RuleUnsupervised, "PRC registration", 0, "suffix S")
	}
	if r.rec.has(fV3) {
		r.rec.v3(ex)
	}
	return ex.factors
}

// Equal reports whether r and s are the same classification of the same
// inputs (it lets go-cmp compare Results).
func (r Result) Equal(s Result) bool { return r == s }

// String formats the result on one line, followed by one indented line
// per factor:
//
//	X123: B2 (protect B, 20 points; change 2, 10 points; rules v2); v3 C provisional
//	  RSR: 7.1% → +20 points [hmpps-tier …]
func (r Result) String() string {
	var b strings.Builder
	if r.ID != "" {
		b.WriteString(r.ID)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%v (protect %v, %d points; change %d, %d points; rules v%v)",
		r.Tier, r.Tier.Protect(), r.ProtectPoints, r.Tier.Change(), r.ChangePoints, r.Version)
	if r.V3 != 0 {
		fmt.Fprintf(&b, "; v3 %v", r.V3)
		if r.Provisional {
			b.WriteString(" provisional")
		}
	}
	for _, f := range r.Explanation() {
		b.WriteString("\n  ")
		b.WriteString(f.String())
	}
	return b.String()
}

// resultJSON is the JSON form of a Result.
type resultJSON struct {
	ID            string   `json:"id,omitempty"`
	Tier          Tier     `json:"tier"`
	Protect       Protect  `json:"protect"`
	ProtectPoints int      `json:"protect_points"`
	Change        int      `json:"change"`
	ChangePoints  int      `json:"change_points"`
	Unsupervised  bool     `json:"unsupervised"`
	Version       Version  `json:"version"`
	V3            V3Tier   `json:"v3,omitzero"`
	Provisional   bool     `json:"provisional"`
	Explanation   []Factor `json:"explanation"`
}

// MarshalJSON encodes the result as the object documented in the package
// overview ("tier", "protect", "change", "v3", "provisional",
// "explanation" …).
func (r Result) MarshalJSON() ([]byte, error) {
	ex := r.Explanation()
	if ex == nil {
		ex = []Factor{}
	}
	return json.Marshal(resultJSON{
		ID: r.ID, Tier: r.Tier, Protect: r.Tier.Protect(), ProtectPoints: r.ProtectPoints,
		Change: r.Tier.Change(), ChangePoints: r.ChangePoints, Unsupervised: r.Tier.Unsupervised(),
		Version: r.Version, V3: r.V3, Provisional: r.Provisional, Explanation: ex,
	})
}
