package staffing

import (
	"math"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/internal/check"
	"github.com/probationkit/probation/internal/enum"
)

// MaxPosts bounds every count of posts a problem gives: each budget
// field, each cohort, the budget's total, a unit's MinPosts, and the
// moves Transfers allow. England and Wales have about 5,300 POs and 5,300
// PSOs (HMPPS workforce statistics, see ../shared/domain), so 100,000 is
// ten national workforces; a larger figure is a mistake in the input, and
// would make Solve's time and memory grow without use.
const MaxPosts = 100_000

// Budget is what the plan may add, in whole posts. Give new posts by
// grade (POPosts, PSOPosts), or whole posts of either grade (FTEPosts:
// the plan chooses the grade of each), and any trainee cohorts. The zero
// Budget adds nothing.
//
// The parts are decided in stages: the posts first (POPosts and PSOPosts
// together, or FTEPosts), then each cohort in month order, each stage
// given those before it. Set FTEPosts or the by-grade posts, not both.
type Budget struct {
	POPosts  int `json:"po_posts,omitempty"`
	PSOPosts int `json:"pso_posts,omitempty"`
	FTEPosts int `json:"fte_posts,omitempty"`
	// Cohorts are trainee intakes.
	Cohorts []Cohort `json:"cohorts,omitempty"`
	// FromMonth is the month of the horizon the posts are filled in (a
	// recruitment lead time); 0 means at once.
	FromMonth int `json:"from_month,omitempty"`
}

// Cohort is an intake of trainees who start training in a month of the
// horizon (0 = the first).
type Cohort struct {
	Month    int `json:"month"`
	Trainees int `json:"trainees"`
}

// Posts returns the number of posts and trainees in the budget.
func (b Budget) Posts() int {
	n := b.POPosts + b.PSOPosts + b.FTEPosts
	for _, c := range b.Cohorts {
		n += c.Trainees
	}
	return n
}

func (b *Budget) validate(errs *check.List, p *Problem) {
	bad := func(field, value, msg string) {
		errs.Add(probation.FieldError{Record: "budget", Index: -1, Field: field, Value: value, Message: msg})
	}
	months := len(p.Dates)
	for _, f := range []struct {
		name string
		v    int
	}{{"po_posts", b.POPosts}, {"pso_posts", b.PSOPosts}, {"fte_posts", b.FTEPosts}} {
		if f.v < 0 || f.v > MaxPosts {
			bad(f.name, itoa(f.v), "want 0-"+itoa(MaxPosts))
		}
	}
	if b.FTEPosts > 0 && b.POPosts+b.PSOPosts > 0 {
		bad("fte_posts", itoa(b.FTEPosts), "give fte_posts or po_posts and pso_posts, not both")
	}
	if b.FromMonth < 0 || (months > 0 && b.FromMonth >= months) {
		bad("from_month", itoa(b.FromMonth), "want a month of the horizon, 0-"+itoa(months-1))
	}
	for i, c := range b.Cohorts {
		if c.Month < 0 || (months > 0 && c.Month >= months) {
			bad("cohorts["+itoa(i)+"].month", itoa(c.Month), "want a month of the horizon, 0-"+itoa(months-1))
		}
		if c.Trainees < 0 || c.Trainees > MaxPosts {
			bad("cohorts["+itoa(i)+"].trainees", itoa(c.Trainees), "want 0-"+itoa(MaxPosts))
		}
	}
	if n := b.Posts(); n > MaxPosts {
		bad("posts", itoa(n), "want at most "+itoa(MaxPosts)+" posts and trainees in all")
	}
	min := 0
	for _, u := range p.Units {
		min += max(u.MinPosts, 0)
	}
	if min > b.Posts() {
		bad("posts", itoa(b.Posts()), "the units' min_posts add up to "+itoa(min)+", more than the budget")
	}
}

// Transfers lets the plan move staff in post between units, at a cost
// per move within a budget. The zero Transfers moves no one.
type Transfers struct {
	// CostPerMove is the cost of moving one person (in any unit of money
	// or effort); BudgetCost is the most the moves may cost in all. The
	// plan makes at most floor(BudgetCost / CostPerMove) moves.
	CostPerMove float64 `json:"cost_per_move,omitempty"`
	BudgetCost  float64 `json:"budget_cost,omitempty"`
	// Scope keeps moves between units with the same key at this level
	// (REGION: within a region); NATIONAL, the zero value, allows any.
	Scope caseload.Level `json:"scope,omitempty"`
	// Staff, when not empty, lists the only people who may move (by ID).
	Staff []string `json:"staff,omitempty"`
}

// moves returns the most moves the transfers allow.
func (t Transfers) moves() int {
	if t.BudgetCost <= 0 || t.CostPerMove <= 0 {
		return 0
	}
	return int(min(math.Floor(t.BudgetCost/t.CostPerMove+1e-9), MaxPosts)) // more moves than posts is no bound
}

func (t *Transfers) validate(errs *check.List) {
	bad := func(field, value, msg string) {
		errs.Add(probation.FieldError{Record: "transfers", Index: -1, Field: field, Value: value, Message: msg})
	}
	if !finite(t.CostPerMove) {
		bad("cost_per_move", ftoa(t.CostPerMove), "want 0 or more")
	}
	if !finite(t.BudgetCost) {
		bad("budget_cost", ftoa(t.BudgetCost), "want 0 or more")
	}
	if t.BudgetCost > 0 && !(t.CostPerMove > 0) {
		bad("cost_per_move", ftoa(t.CostPerMove), "want a cost above 0 when there is a budget")
	}
	if t.Scope > caseload.Team {
		bad("scope", t.Scope.String(), "want NATIONAL, REGION, PDU or TEAM")
	}
}

// Status says what is proven about a plan. The zero Status is invalid
// (a plan not made).
type Status uint8

// The statuses.
const (
	// Optimal: the plan is a proven optimum of the whole objective
	// (highest %, then unit-months over 110%, over 100%, then spread).
	Optimal Status = iota + 1
	// HighestOptimal: its highest % is proven optimal; the later levels
	// are the best found (the budget was too large for the exact
	// search of the later levels).
	HighestOptimal
	// Heuristic: the plan was decided in stages (posts, then cohorts) or
	// improved by transfers, each step exact or improving, the whole not
	// proven optimal.
	Heuristic
)

var statusText = enum.New[Status]("staffing", "status", "Status", Optimal, "optimal", "highest_optimal", "heuristic")

// String returns "optimal", "highest_optimal" or "heuristic".
func (s Status) String() string { return statusText.String(s) }

// ParseStatus parses the String form, ignoring case.
func ParseStatus(text string) (Status, error) { return statusText.Parse(text) }

// MarshalText returns the String form.
func (s Status) MarshalText() ([]byte, error) { return statusText.Marshal(s) }

// UnmarshalText parses text with ParseStatus.
func (s *Status) UnmarshalText(text []byte) error { return statusText.Unmarshal(text, s) }
