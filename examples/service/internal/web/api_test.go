package web_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/probationkit/probation/examples/service/internal/web"
)

// step is one request of the API walk-through and what must come back.
type step struct {
	name   string
	method string
	path   string
	body   any
	header map[string]string
	status int
	// check, if not nil, looks at the decoded JSON body (or the raw body
	// of a non-JSON answer) and the headers.
	check  func(t *testing.T, v any, raw []byte, h http.Header)
	reason string
}

// TestAPI walks every endpoint, in an order that builds on itself, with
// the answers and the errors a client meets. Every request and response
// is checked against the OpenAPI document by the harness.
func TestAPI(t *testing.T) {
	h := newHarness(t, web.Config{BodyLimit: 4096})
	big := `{"by":"` + strings.Repeat("x", 5000) + `"}`
	badRequests[big] = true
	steps := []step{
		{"health", "GET", "/healthz", nil, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			want(t, field(v, "waiting"), 42.0, "the demo dataset has 42 waiting cases")
			want(t, field(v, "as_of"), "2026-11-30", "the date moved on to the clock's day")
		}, "the service is up on the demo dataset"},
		{"waiting, oldest first", "GET", "/api/waiting", nil, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			list := v.([]any)
			want(t, len(list), 42, "every waiting case is listed")
			want(t, field(list[0], "id"), "C002328", "the oldest arrival comes first")
			want(t, field(list[0], "days_waiting"), 20.0, "it arrived on 9 November")
			var since []string
			for _, c := range list {
				since = append(since, field(c, "waiting_since").(string))
			}
			if !slices.IsSorted(since) {
				t.Errorf("waiting list not oldest first: %v", since)
			}
		}, "the waiting list an SPO starts from"},
		{"one case", "GET", "/api/cases/C002311", nil, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			want(t, field(field(v, "risk"), "rosh"), "HIGH", "the case's risk profile is shown")
		}, "a case with its wait"},
		{"unknown case", "GET", "/api/cases/NOPE", nil, nil, 404, isProblem("not-found"), "an unknown case is a problem+json 404"},
		{"tier inputs", "POST", "/api/tier", map[string]any{"id": "X1", "rosh": "HIGH", "ogrs": 60}, nil, 200,
			func(t *testing.T, v any, _ []byte, _ http.Header) {
				want(t, field(field(v, "result"), "tier"), "B0", "high RoSH alone gives protect B, no mandate for change gives 0")
			}, "tiering without a case"},
		{"tier a case", "POST", "/api/tier?case_id=C002300", map[string]any{"rosh": "HIGH"}, nil, 200,
			func(t *testing.T, v any, _ []byte, _ http.Header) {
				want(t, field(field(v, "case"), "tier"), "B0", "the new tier is recorded on the case")
			}, "tiering a case records its tier"},
		{"tier bad input", "POST", "/api/tier", bad(`{"rsr": 150}`), nil, 422, func(t *testing.T, v any, _ []byte, _ http.Header) {
			isProblem("validation")(t, v, nil, nil)
			errs := field(v, "errors").([]any)
			want(t, field(errs[0], "field"), "rsr", "the library's field error names the field")
		}, "tiering's validation errors come as probation.FieldErrors"},
		{"eligibility: hard rule", "POST", "/api/eligibility", map[string]any{"case_id": "C002311", "grade": "PSO"}, nil, 200,
			func(t *testing.T, v any, _ []byte, _ http.Header) {
				want(t, field(v, "verdict"), "ineligible", "a PSO may not hold a high RoSH case")
				if len(field(v, "fired").([]any)) == 0 {
					t.Errorf("no rule listed")
				}
			}, "the grades policy's decision with its rules"},
		{"eligibility: both", "POST", "/api/eligibility", map[string]any{"case_id": "C002311", "risk": map[string]any{"rosh": "LOW"}, "grade": "PSO"}, nil, 422,
			isProblem("validation"), "a case and a risk profile at once is ambiguous"},
		{"override reasons", "GET", "/api/override-reasons", nil, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			want(t, len(v.([]any)), 4, "grades' catalogue has four reasons")
		}, "the catalogue the page offers"},
		{"practitioners", "GET", "/api/practitioners", nil, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			want(t, len(v.([]any)), 77, "70 practitioners and the 7 team SPOs")
		}, "everyone with their workload"},
		{"practitioner", "GET", "/api/practitioners/P00005", nil, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			want(t, len(field(v, "reductions").([]any)), 4, "an NQO's training reductions are kept")
		}, "one practitioner with reductions"},
		{"impact", "GET", "/api/cases/C002328/impact", nil, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			if len(field(v, "candidates").([]any)) < 70 {
				t.Errorf("impact on %d candidates, want everyone in scope", len(field(v, "candidates").([]any)))
			}
		}, "the impact of a case on every candidate"},
		{"recommend", "GET", "/api/cases/C002300/recommendation?k=3", nil, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			best := field(v, "best").([]any)
			want(t, len(best), 3, "k=3")
			want(t, field(best[0], "grade"), "PO", "with its new tier B0 and high RoSH the case needs a PO")
			if field(best[1], "explanation") == "" {
				t.Errorf("no explanation")
			}
		}, "the top k, each with an explanation"},
		{"recommend bad k", "GET", badPath("/api/cases/C002300/recommendation?k=-1"), nil, nil, 422, isProblem("validation"), "k must be 0 to 1000"},
		{"allocate the recommendation", "POST", "/api/cases/C002328/allocate", map[string]any{"by": "spo1", "note": "first"},
			map[string]string{"Idempotency-Key": "k1"}, 201, func(t *testing.T, v any, _ []byte, _ http.Header) {
				d := field(v, "decision")
				want(t, field(d, "to"), field(d, "recommended"), "no practitioner given: the recommendation")
			}, "allocate to the recommended practitioner"},
		{"double submit", "POST", "/api/cases/C002328/allocate", map[string]any{"by": "spo1", "note": "first"},
			map[string]string{"Idempotency-Key": "k1"}, 201, func(t *testing.T, _ any, _ []byte, hd http.Header) {
				want(t, hd.Get("Idempotent-Replayed"), "true", "the same key gets the first response again")
			}, "a double submit does not allocate twice"},
		{"key reused", "POST", "/api/cases/C002328/allocate", map[string]any{"by": "spo2"},
			map[string]string{"Idempotency-Key": "k1"}, 422, isProblem("idempotency-key-reused"), "a key names one request"},
		{"second SPO", "POST", "/api/cases/C002328/allocate", map[string]any{"by": "spo2"}, nil, 409, isProblem("holder-changed"),
			"another SPO who saw the case waiting cannot allocate it again"},
		{"override needed", "POST", "/api/cases/C002305/allocate", map[string]any{"by": "spo1", "practitioner_id": "P00015"}, nil, 422,
			func(t *testing.T, v any, _ []byte, _ http.Header) {
				isProblem("override-needed")(t, v, nil, nil)
				errs := field(v, "errors").([]any)
				want(t, field(errs[0], "field"), "override.reason", "the field error points at the reason")
			}, "no RoSH recorded: a soft rule fires for a PSO, so choosing one needs a reason"},
		{"other without text", "POST", "/api/cases/C002311/allocate", map[string]any{"by": "spo1", "practitioner_id": "P00054",
			"override": map[string]any{"reason": "other"}}, nil, 422, isProblem("override-needed"), "the reason other needs a text"},
		{"override", "POST", "/api/cases/C002311/allocate", map[string]any{"by": "spo1", "practitioner_id": "P00054",
			"override": map[string]any{"reason": "continuity", "text": "knows the family"}}, nil, 201, func(t *testing.T, v any, _ []byte, _ http.Header) {
			d := field(v, "decision")
			want(t, field(field(d, "override"), "reason"), "continuity", "the override is recorded")
			want(t, field(d, "recommended"), "P00065", "against the recommendation")
		}, "choose another with a reason from the catalogue"},
		{"hard rule", "POST", "/api/cases/C002308/allocate", map[string]any{"by": "spo1", "practitioner_id": "P00003",
			"override": map[string]any{"reason": "other", "text": "please"}}, nil, 409, isProblem("hard-rule"), "no reason overrides a hard rule"},
		{"no one may", "POST", "/api/cases/C002290/allocate", map[string]any{"by": "spo1"}, nil, 409, isProblem("not-eligible"),
			"the restricted-access list excludes everyone"},
		{"who decides", "POST", "/api/cases/C002300/allocate", bad(`{}`), nil, 422, isProblem("validation"), "a decision records who made it"},
		{"malformed", "POST", "/api/cases/C002300/allocate", bad(`{"by":`), nil, 400, isProblem("bad-request"), "not JSON"},
		{"unknown field", "POST", "/api/cases/C002300/allocate", bad(`{"by":"x","colour":"red"}`), nil, 400, isProblem("bad-request"), "unknown fields are refused"},
		{"too large", "POST", "/api/cases/C002300/allocate", big, nil, 413, isProblem("too-large"), "the body limit holds"},
		{"batch", "POST", "/api/batch", map[string]any{"by": "spo1"}, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			want(t, len(field(v, "decisions").([]any)), 38, "every waiting case but the two no one may hold")
			want(t, len(field(v, "unplaced").([]any)), 2, "the two restricted cases stay, with reasons")
		}, "allocate the waiting batch"},
		{"a case arrives", "POST", "/api/events", map[string]any{"kind": "case_arrives", "case": map[string]any{"id": "N1", "tier": "C2",
			"type": "COMMUNITY", "team": "R01P01T01", "risk": map[string]any{"rosh": "MEDIUM", "tier": "C2"}}}, nil, 201, nil, "events feed the live caseload"},
		{"a bad record", "POST", "/api/events", map[string]any{"kind": "case_arrives", "case": map[string]any{"id": "N1", "tier": "C2",
			"type": "COMMUNITY", "team": "R01P01T01", "risk": map[string]any{}}}, nil, 422, isProblem("validation"), "a duplicate ID is a field error"},
		{"officer left", "POST", "/api/proposals", map[string]any{"kind": "officer_left", "departing": []string{"P00002"}}, nil, 201,
			func(t *testing.T, v any, _ []byte, _ http.Header) {
				want(t, field(v, "id"), "p1", "the first proposal")
				moves := field(v, "moves").([]any)
				for _, m := range moves {
					if field(m, "from") == "P00002" && field(m, "to") == "P00002" {
						t.Errorf("a case stays with the leaver: %v", m)
					}
				}
				if len(moves) == 0 {
					t.Errorf("no moves")
				}
			}, "a what-if: who takes the leaver's cases"},
		{"proposal", "GET", "/api/proposals/p1", nil, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			want(t, field(v, "stale"), false, "nothing changed since")
		}, "read it back"},
		{"bad proposal", "POST", "/api/proposals", map[string]any{"kind": "officer_left", "departing": []string{"NOPE"}}, nil, 422,
			isProblem("validation"), "an unknown leaver"},
		{"accept", "POST", "/api/proposals/p1/accept", map[string]any{"by": "spo1"}, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			if len(field(v, "decisions").([]any)) == 0 {
				t.Errorf("no decisions")
			}
		}, "accepting applies it"},
		{"accept twice", "POST", "/api/proposals/p1/accept", map[string]any{"by": "spo1"}, nil, 409, isProblem("stale"), "a double accept does nothing"},
		{"the leaver left", "GET", "/api/practitioners/P00002", nil, nil, 404, isProblem("not-found"), "accepting officer_left removes them"},
		{"staffing", "GET", "/api/staffing", nil, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			want(t, len(field(v, "teams").([]any)), 7, "seven teams")
		}, "the staffing report"},
		{"decisions of a case", "GET", "/api/decisions?case_id=C002311", nil, nil, 200, func(t *testing.T, v any, _ []byte, _ http.Header) {
			want(t, field(v.([]any)[0], "override_reason"), "continuity", "its first decision, with its reason")
		}, "the decisions table"},
		{"audit", "GET", "/api/audit.csv", nil, nil, 200, func(t *testing.T, _ any, raw []byte, hd http.Header) {
			rows, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"seq", "version", "at", "kind", "by", "case_id", "from", "to", "recommended",
				"followed_recommendation", "override_reason", "override_text", "note", "explanation", "job"}, rows[0]); diff != "" {
				t.Errorf("header (-want +got):\n%s", diff)
			}
			if len(rows) < 40 {
				t.Errorf("%d rows", len(rows))
			}
		}, "the audit trail as CSV"},
		{"unknown path", "GET", badPath("/api/nothing"), nil, nil, 404, isProblem("not-found"), "problem+json for unknown paths"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			status, hd, raw := h.do(t, s.method, s.path, s.body, s.header)
			if s.status != 0 && status != s.status {
				t.Fatalf("%s: %s %s → %d, want %d\n%s", s.reason, s.method, s.path, status, s.status, raw)
			}
			if s.check == nil {
				return
			}
			var v any
			if strings.Contains(hd.Get("Content-Type"), "json") {
				if err := json.Unmarshal(raw, &v); err != nil {
					t.Fatalf("%s: %v", s.reason, err)
				}
			}
			s.check(t, v, raw, hd)
		})
	}
	if h.checked < len(steps)-2 {
		t.Errorf("only %d of %d exchanges were checked against the OpenAPI document", h.checked, len(steps))
	}
}

// field returns v[name] of a decoded JSON object (nil if v is not one).
func field(v any, name string) any {
	m, _ := v.(map[string]any)
	return m[name]
}

func want(t *testing.T, got, want any, reason string) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", reason, diff)
	}
}

// isProblem checks an RFC 9457 problem of the given type slug.
func isProblem(slug string) func(t *testing.T, v any, _ []byte, _ http.Header) {
	return func(t *testing.T, v any, _ []byte, _ http.Header) {
		t.Helper()
		typ, _ := field(v, "type").(string)
		if !strings.HasSuffix(typ, "#problem-"+slug) || field(v, "title") == "" || field(v, "status") == nil {
			t.Errorf("want a problem of type %q, got %v", slug, v)
		}
	}
}
