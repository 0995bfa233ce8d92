package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/probationkit/probation"
	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/examples/service/internal/app"
	"github.com/probationkit/probation/grades"
)

// Problem is an RFC 9457 problem detail. Errors carries the library's
// field errors (probation.FieldError) when the request had bad values.
type Problem struct {
	Type     string                 `json:"type"`
	Title    string                 `json:"title"`
	Status   int                    `json:"status"`
	Detail   string                 `json:"detail,omitempty"`
	Instance string                 `json:"instance,omitempty"`
	Errors   []probation.FieldError `json:"errors,omitempty"`
}

// problemType is the base of the problem type URIs; each type is
// documented in the README under its slug.
const problemType = "https://github.com/probationkit/probation/tree/main/examples/service#problem-"

// problemOf maps an error to a problem: the library's sentinel errors to
// their status, validation errors to 422 with their fields.
func problemOf(err error) Problem {
	var ve *probation.ValidationError
	var mbe *http.MaxBytesError
	p := Problem{Status: http.StatusInternalServerError, Type: problemType + "internal", Title: "Internal error",
		Detail: "the service could not complete the request"}
	switch {
	case errors.As(err, &mbe):
		p = Problem{Status: http.StatusRequestEntityTooLarge, Type: problemType + "too-large", Title: "Request body too large", Detail: err.Error()}
	case errors.As(err, &ve):
		p = Problem{Status: http.StatusUnprocessableEntity, Type: problemType + "validation", Title: "Invalid values",
			Detail: ve.Error(), Errors: ve.Fields}
	case errors.Is(err, errBadRequest):
		p = Problem{Status: http.StatusBadRequest, Type: problemType + "bad-request", Title: "Malformed request", Detail: err.Error(),
			Errors: []probation.FieldError{{Record: "file", Index: -1, Message: err.Error()}}}
	case errors.Is(err, caseload.ErrUnknown), errors.Is(err, errNotFound):
		p = Problem{Status: http.StatusNotFound, Type: problemType + "not-found", Title: "Not found", Detail: err.Error()}
	case errors.Is(err, grades.ErrHardRule):
		p = Problem{Status: http.StatusConflict, Type: problemType + "hard-rule", Title: "A hard rule forbids this practitioner", Detail: err.Error()}
	case errors.Is(err, allocation.ErrNotEligible), errors.Is(err, app.ErrNoEligible):
		p = Problem{Status: http.StatusConflict, Type: problemType + "not-eligible", Title: "The practitioner may not hold the case", Detail: err.Error()}
	case errors.Is(err, allocation.ErrOverrideNeeded):
		p = Problem{Status: http.StatusUnprocessableEntity, Type: problemType + "override-needed", Title: "An override reason is needed", Detail: err.Error(),
			Errors: []probation.FieldError{{Record: "allocation", Index: -1, Field: "override.reason", Message: err.Error()}}}
	case errors.Is(err, allocation.ErrHolderChanged):
		p = Problem{Status: http.StatusConflict, Type: problemType + "holder-changed", Title: "The case was allocated meanwhile", Detail: err.Error()}
	case errors.Is(err, allocation.ErrStale):
		p = Problem{Status: http.StatusConflict, Type: problemType + "stale", Title: "The proposal is out of date", Detail: err.Error()}
	case errors.Is(err, app.ErrKeyReused):
		p = Problem{Status: http.StatusUnprocessableEntity, Type: problemType + "idempotency-key-reused", Title: "Idempotency key reused", Detail: err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		p = Problem{Status: http.StatusServiceUnavailable, Type: problemType + "timeout", Title: "The request took too long", Detail: err.Error()}
	case errors.Is(err, context.Canceled):
		p = Problem{Status: http.StatusServiceUnavailable, Type: problemType + "cancelled", Title: "The request was cancelled", Detail: err.Error()}
	}
	return p
}

// writeProblem writes err as application/problem+json.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err)
	p.Instance = r.URL.Path
	if p.Status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "err", err)
	}
	writeJSONType(w, "application/problem+json", p.Status, p)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONType(w, "application/json", status, v)
}

func writeJSONType(w http.ResponseWriter, ctype string, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		ctype, status = "application/problem+json", http.StatusInternalServerError
		body, _ = json.Marshal(Problem{Type: problemType + "internal", Title: "Internal error", Status: status, Detail: err.Error()})
	}
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}
