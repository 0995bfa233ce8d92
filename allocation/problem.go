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
// A Problem is read, never modified, by Solve.
type Problem struct {
	Cases         []Case
	Practitioners []Practitioner

	// Policy decides which grades may hold each case. Nil means
	// grades.National(). Pass a policy already resolved for the local
	// scope (grades.Policy.In) when local rules apply.
	Policy *grades.Policy

	// Neighbours lists, for a team ID, the other teams whose practitioners
	// may also take that team's cases when Settings.Scope is SameTeam (at
	// the CrossTeam cost). Nil means none. Solve only reads it.
	Neighbours map[string][]string
}

// Case is a case to place.
type Case struct {
	ID string

	// Points is the workload the case adds to whoever holds it (package
	// caseload's weights for its tier and type). Points ≥ 0.
	Points int

	// Risk is what the eligibility policy reads: RoSH, tiers, MAPPA and
	// flags.
	Risk grades.Profile

	// Tier is the v2 tier, used for over-skilling costs and explanations.
	Tier tiering.Tier

	// Team, PDU and Region place the case. Team is the team whose queue
	// it is in; the scope settings limit practitioners to the same team,
	// PDU or region.
	Team, PDU, Region string

	// Current is the ID of the practitioner holding the case now (a
	// rebalance moves it only if that pays), or "" for a new case.
	// Previous is the practitioner who held it before, for continuity.
	Current, Previous string

	// RestrictedTo, when non-empty, lists the only practitioners who may
	// hold a limited access offender case; ExcludedFrom lists those who
	// must not. Both are hard constraints.
	RestrictedTo []string
	ExcludedFrom []string

	// Location is where the person lives or reports; the zero Location
	// means unknown (no distance cost).
	Location caseload.Location
}

// Practitioner is a member of staff who may receive cases.
type Practitioner struct {
	ID    string
	Grade grades.Grade

	Team, PDU, Region string

	// Available is the practitioner's available points (package
	// caseload: nominal target × (hours − reductions) / default hours).
	// Workload % = 100 × load / Available.
	Available int

	// Load is the points already held in cases that are not part of the
	// problem. Cases of the problem whose Current is this practitioner add
	// to it only if they stay.
	Load int

	// MaxNew limits how many cases of this problem the practitioner may
	// receive that they do not already hold (for example "at most 3 new
	// cases in 7 days", counted by the caller). 0 means no limit; use
	// Unavailable to stop all new cases.
	MaxNew int

	// Unavailable marks a practitioner who may receive no new case and, in
	// a rebalance, must give up the cases they hold (for example an
	// officer who has left).
	Unavailable bool

	// Location is the practitioner's office; the zero Location means
	// unknown.
	Location caseload.Location
}
