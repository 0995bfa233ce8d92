package allocation

import (
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/grades"
	"github.com/probationkit/probation/tiering"
)

// Problem is one allocation run: the cases to place and the practitioners
// who may receive them. Points and capacities are already worked out (see
// package caseload); eligibility comes from a grades.Policy.
//
// A Problem is read, never modified, by Solve, and a Result keeps its own
// copy of what it reports: editing a Problem after Solve changes no
// Result. Its JSON form uses the field names of the tags; the Policy is
// not part of it (store the policy with grades.Encode).
//
// Solve accepts a Problem within these bounds, and for every Problem it
// accepts it returns a whole allocation (see Solve): at most 2,000,000
// cases and 80,000 practitioners (about eight times England and Wales);
// at most 1,000,000,000 candidate pairs, counting for each case the
// practitioners in its scope (Settings.Scope); Points 0 to 10,000 per
// case; Available and Load 0 to 1,000,000 points; MaxNew 0 to 1,000,000;
// location coordinates finite and within ±10,000 km; IDs not empty and
// without surrounding space. With the bounds on Settings (see Weights,
// Band and HardCap) they keep every number Solve computes inside int64.
type Problem struct {
	Cases         []Case         `json:"cases"`
	Practitioners []Practitioner `json:"practitioners"`

	// Policy decides which grades may hold each case. Nil means
	// grades.National(). Pass a policy already resolved for the local
	// scope (grades.Policy.In) when local rules apply.
	Policy *grades.Policy `json:"-"`

	// Neighbours lists, for a team ID, the other teams whose practitioners
	// may also take that team's cases when Settings.Scope is SameTeam (at
	// the CrossTeam cost). Nil means none. Solve only reads it.
	Neighbours map[string][]string `json:"neighbours,omitempty"`
}

// Case is a case to place.
type Case struct {
	ID string `json:"id"`

	// Points is the workload the case adds to whoever holds it (package
	// caseload's weights for its tier and type). Points ≥ 0.
	Points int `json:"points"`

	// Risk is what the eligibility policy reads: RoSH, tiers, MAPPA and
	// flags.
	Risk grades.Profile `json:"risk"`

	// Tier is the v2 tier, used for over-skilling costs and explanations.
	Tier tiering.Tier `json:"tier"`

	// Team, PDU and Region place the case. Team is the team whose queue
	// it is in; the scope settings limit practitioners to the same team,
	// PDU or region.
	Team   string `json:"team"`
	PDU    string `json:"pdu,omitempty"`
	Region string `json:"region,omitempty"`

	// Current is the ID of the practitioner holding the case now (a
	// rebalance moves it only if that pays), or "" for a new case.
	// Previous is the practitioner who held it before, for continuity.
	Current  string `json:"current,omitempty"`
	Previous string `json:"previous,omitempty"`

	// RestrictedTo, when non-empty, lists the only practitioners who may
	// hold a limited access offender case; ExcludedFrom lists those who
	// must not. Both are hard constraints.
	RestrictedTo []string `json:"restricted_to,omitempty"`
	ExcludedFrom []string `json:"excluded_from,omitempty"`

	// Location is where the person lives or reports; the zero Location
	// means unknown (no distance cost).
	Location caseload.Location `json:"location,omitzero"`
}

// Practitioner is a member of staff who may receive cases.
type Practitioner struct {
	ID    string       `json:"id"`
	Grade grades.Grade `json:"grade"`

	Team   string `json:"team"`
	PDU    string `json:"pdu,omitempty"`
	Region string `json:"region,omitempty"`

	// Available is the practitioner's available points (package
	// caseload: nominal target × (hours − reductions) / default hours).
	// Workload % = 100 × load / Available.
	Available int `json:"available_points"`

	// Load is the points already held in cases that are not part of the
	// problem. Cases of the problem whose Current is this practitioner add
	// to it only if they stay.
	Load int `json:"load_points"`

	// MaxNew limits how many cases of this problem the practitioner may
	// receive that they do not already hold (for example "at most 3 new
	// cases in 7 days", counted by the caller). 0 means no limit; use
	// Unavailable to stop all new cases.
	MaxNew int `json:"max_new,omitempty"`

	// Unavailable marks a practitioner who may receive no new case and, in
	// a rebalance, must give up the cases they hold (for example an
	// officer who has left).
	Unavailable bool `json:"unavailable,omitempty"`

	// Location is the practitioner's office; the zero Location means
	// unknown.
	Location caseload.Location `json:"location,omitzero"`
}
