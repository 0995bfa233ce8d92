// Package tiering classifies a probation case into the HMPPS tiers, as
// the Kotlin service ministryofjustice/hmpps-tier does, in pure Go, and
// explains every factor that contributed.
//
// Two frameworks run side by side, as they do in hmpps-tier
// (M/service/TierCalculationService.kt):
//
//   - v2, the "legacy" framework in force since 2021 and still used for
//     allocation and workload: a protect level A–D from risk-of-harm
//     points (RSR, RoSH, MAPPA, complexity factors, women's additional
//     factors) and a change level 0–3 from the mandate for change, the
//     OASys needs, OGRS and IOM, written as a [Tier] such as B2, with an S
//     suffix for unsupervised cases (B2S). [Settings.Version] selects the
//     rule set: [Version2] (current, the default; A from 150 points) or
//     [Version1] (February to May 2021; A from 30 points).
//   - v3, the single axis A–G of 2026 ([V3Tier]), the most serious of
//     eight steps (ARP × CSRP, DC-SRP, MAPPA × RoSH, lifer/IPP release,
//     domestic abuse, stalking, child protection, sexual offences), or
//     NOT_SUPERVISED or MISSING, with a provisional flag.
//
// [Classify] takes an [Input] and returns a [Result] holding both tiers
// and the axis totals; [Result.Explanation] lists the [Factor] values
// behind them, each naming its [Rule], the input value it read, the
// points or step result it gave and the source it follows (built on
// demand, so that classifying allocates nothing). Result.String is for
// people and its JSON form for machines. [ClassifyAll] classifies many
// cases on all cores. Bad input never panics: it comes back as the
// module's one error shape, a *[probation.ValidationError] listing every
// bad value at once as a [probation.FieldError] (record "case", the case's
// ID and 0-based index, the field as named in the JSON schema, the value
// shortened to 64 bytes, and what was wanted). A case ID, which is
// optional, is rejected rather than trimmed when it has surrounding white
// space.
//
// The package reads no clock, files or network and keeps no global
// state. The v3 lifer/IPP rule counts from [Settings.AsOf], a [Date] the
// caller passes.
//
// The rules, their boundaries and their test scenarios are those of
// hmpps-tier at commit affac98a (2026-08-17), as recorded in the
// project's research note shared/domain/tiering.md; every rule
// cites its Kotlin source and BDD feature ([Rule.Source]). Readings of
// unclear points are documented where they apply: the RSR bounds
// ([RSRPoints]), registration ties ([Registration]), the DC-SRP medium
// floor ([Input.Validate]), fields against registrations ([Input]).
//
// # JSON schema
//
// [Input] reads and writes the following object, one per line in the
// JSON-lines command examples/tier. Every field is optional; names are
// case-sensitive, and unknown or repeated names are errors. Enumerations
// are strings, matched ignoring case; dates are "YYYY-MM-DD"; the ranges
// of the numbers are in the comments, and in the doc of each field of
// [Input].
//
//	{
//	  "id": "X123456",              // echoed in the result and in errors; no surrounding space
//	  "female": true,               // Delius gender "female"
//	  "rsr": 7.1,                   // RSR %, 0-100, or 999.99 (no score)
//	  "ogrs": 55,                   // OGRS %, whole number 0-100
//	  "rosh": "HIGH",               // LOW, MEDIUM, HIGH, VERY_HIGH (or RLRH ... RVHR), NONE
//	  "mappa_level": "M2",          // M1, M2, M3, NONE (M0 counts as NONE)
//	  "mappa_category": "M1",       // M1-M4, NONE (v3 only)
//	  "registrations": [            // Delius registrations, any order
//	    {"code": "MAPP", "level": "M2", "category": "M1", "date": "2025-03-01"},
//	    {"code": "RHRH", "date": "2025-02-01"},
//	    {"code": "RMDO"}, {"code": "IIOM"}, {"code": "PRC"}, {"code": "INLL"}
//	  ],
//	  "convictions": [
//	    {"sentence_type": "SP", "terminated": false,
//	     "requirements": [{"main_category": "F", "restrictive": false}]}
//	  ],
//	  "assessment": {               // null or absent: no assessment
//	    "san": false,               // SAN indicator: SAN need thresholds
//	    "needs": [                  // a section score, or a severity
//	      {"need": "ACCOMMODATION", "score": 5},
//	      {"need": "ATTITUDES", "severity": "SEVERE"}
//	    ],
//	    "parenting": true,          // OASys 6.9 Yes
//	    "impulsivity": 1,           // OASys 11.2 answer score 0-2
//	    "temper_control": 0         // OASys 11.4 answer score 0-2
//	                                // a need's "score" is a section score 0-100
//	  },
//	  "previous_enforcement": true, // breach or recall in the last year
//	  "v3": {                       // null or absent: no v3 tier
//	    "active_event": true,
//	    "arp": {"score": 62.5, "static": false},   // percent 0-100; null: MISSING
//	    "csrp": {"score": 1.8, "static": true},    // percent 0-100; null: MISSING
//	    "dcsrp_score": 2.11, "dcsrp_band": "MEDIUM",  // percent 0-100
//	    "sexual_offence": false,
//	    "latest_release_date": "2024-06-30"
//	  }
//	}
//
// Need names are ACCOMMODATION, EDUCATION_TRAINING_AND_EMPLOYABILITY,
// FINANCIAL_MANAGEMENT_AND_INCOME, RELATIONSHIPS,
// LIFESTYLE_AND_ASSOCIATES, DRUG_MISUSE, ALCOHOL_MISUSE,
// EMOTIONAL_WELL_BEING, THINKING_AND_BEHAVIOUR and ATTITUDES, or the
// OASys section numbers "3" to "12"; severities NO_NEED, STANDARD and
// SEVERE; DC-SRP bands LOW, MEDIUM, HIGH, VERY_HIGH, NOT_APPLICABLE and
// NONE.
//
// A [Result] is written as:
//
//	{
//	  "id": "X123456",
//	  "tier": "B2S",                // v2 tier string
//	  "protect": "B", "protect_points": 29,
//	  "change": 2, "change_points": 10,
//	  "unsupervised": true,
//	  "version": "2",               // v2 rule set used
//	  "v3": "C",                    // A-G, NOT_SUPERVISED, MISSING; absent without v3 inputs
//	  "provisional": true,
//	  "explanation": [
//	    {"rule": "RSR", "title": "RSR", "value": "7.1%", "points": 20,
//	     "outcome": "+20 points", "source": "hmpps-tier ..."},
//	    {"rule": "REOFFENDING", "title": "Reoffending (ARP × CSRP)",
//	     "value": "ARP 62.5% (dynamic), CSRP 1.8% (static)", "step": "D",
//	     "outcome": "D", "source": "hmpps-tier ..."}
//	  ]
//	}
//
// "points" appears on v2 factors only, "step" on v3 steps that gave a
// tier. The command writes, for an input line it cannot classify, an
// error line instead: {"line": n, "id": "...", "error": "...", "fields":
// [{"record": "case", "id", "index", "line", "field", "value",
// "message"}]}, the JSON form of [probation.FieldError].
package tiering
