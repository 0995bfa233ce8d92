package web

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/probationkit/probation/allocation"
	"github.com/probationkit/probation/caseload"
	"github.com/probationkit/probation/examples/service/internal/app"
	"github.com/probationkit/probation/examples/service/internal/store"
	"github.com/probationkit/probation/grades"
)

//go:embed templates/*.html templates/style.css
var templateFS embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"pct":  func(x float64) string { return fmt.Sprintf("%.1f%%", x) },
	"date": func(t time.Time) string { return t.UTC().Format("2 Jan 2006") },
	"over": func(x float64) bool { return x > 100 },
	"signed": func(x int64) string {
		if x > 0 {
			return fmt.Sprintf("+%d", x)
		}
		return fmt.Sprint(x)
	},
}).ParseFS(templateFS, "templates/*.html"))

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

func (s *Server) style(w http.ResponseWriter, r *http.Request) {
	b, _ := templateFS.ReadFile("templates/style.css")
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Write(b)
}

// waitingRow is a line of the waiting list.
type waitingRow struct {
	caseload.Case
	Since time.Time
	Days  int
}

func (s *Server) pageWaiting(w http.ResponseWriter, r *http.Request) {
	eng := s.app.Engine()
	now := s.app.Now()
	var rows []waitingRow
	for _, wt := range eng.Waiting() {
		if c, ok := eng.Case(wt.CaseID); ok {
			rows = append(rows, waitingRow{Case: c, Since: wt.Since, Days: daysBetween(wt.Since, now)})
		}
	}
	s.render(w, r, http.StatusOK, "waiting.html", map[string]any{"Title": "Cases waiting for allocation", "Rows": rows,
		"AsOf": s.app.AsOf(), "Allocated": r.URL.Query().Get("allocated"), "To": r.URL.Query().Get("to")})
}

// casePage is the data of the case page.
type casePage struct {
	Title       string
	Case        caseload.Case
	Waiting     bool
	Since       time.Time
	Days        int
	Holder      *practitionerView
	Previous    *practitionerView
	Rec         recommendationView
	Best        *candidateView
	Reasons     []grades.OverrideReason
	Key         string
	By          string
	Error       string
	Form        url.Values
	History     []store.DecisionRow
	Allocated   string
	MaxOverride int
	// SoftRule reports a recommendation a soft rule fires for: accepting
	// it needs an override reason too.
	SoftRule bool
}

func (s *Server) pageCase(w http.ResponseWriter, r *http.Request) {
	s.renderCase(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderCase(w http.ResponseWriter, r *http.Request, status int, errText string, form url.Values) {
	eng := s.app.Engine()
	id := r.PathValue("id")
	c, ok := eng.Case(id)
	if !ok {
		s.writeProblem(w, r, notFound("no case %q", id))
		return
	}
	rec, err := eng.Recommend(id, 0)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	p := casePage{Title: "Case " + id, Case: c, Rec: s.recommendationView(rec), Reasons: overrideReasons(), Key: newKey(),
		Error: errText, Form: form, Allocated: r.URL.Query().Get("allocated"), MaxOverride: grades.MaxOverrideText}
	if since, ok := s.waitingSince()[id]; ok {
		p.Waiting, p.Since, p.Days = true, since, daysBetween(since, s.app.Now())
	}
	if c.Practitioner != "" {
		if v, ok := s.practitionerView(c.Practitioner); ok {
			p.Holder = &v
		}
	}
	if c.Previous != "" {
		if v, ok := s.practitionerView(c.Previous); ok {
			p.Previous = &v
		}
	}
	if len(p.Rec.Best) > 0 {
		p.Best = &p.Rec.Best[0]
		p.SoftRule = p.Best.Cost[allocation.SoftRule] > 0
	}
	if ck, err := r.Cookie("by"); err == nil {
		p.By, _ = url.QueryUnescape(ck.Value)
	}
	if form != nil && form.Get("by") != "" {
		p.By = form.Get("by")
	}
	p.History, err = s.app.Store().Decisions(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.render(w, r, status, "case.html", p)
}

func newKey() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// pageAllocate takes the case page's form: accept the recommendation, or
// choose another practitioner with a reason.
func (s *Server) pageAllocate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if !errors.As(err, &mbe) {
			err = fmt.Errorf("%w: %v", errBadRequest, err)
		}
		s.writeProblem(w, r, err)
		return
	}
	f := r.PostForm
	id := r.PathValue("id")
	by := strings.TrimSpace(f.Get("by"))
	if by == "" {
		s.renderCase(w, r, http.StatusUnprocessableEntity, "Please give your name: every decision records who made it.", f)
		return
	}
	req := app.AllocateRequest{CaseID: id, PractitionerID: f.Get("practitioner"), From: f.Get("from"), Note: f.Get("note"), By: by,
		IdempotencyKey: f.Get("key")}
	if reason := f.Get("reason"); reason != "" {
		x, err := grades.ParseOverrideReason(reason)
		if err != nil {
			s.renderCase(w, r, http.StatusUnprocessableEntity, err.Error(), f)
			return
		}
		req.Override = grades.Override{Reason: x, Text: f.Get("text")}
	}
	req.Fingerprint = fingerprint(id, []byte(strings.Join([]string{req.PractitionerID, req.From, f.Get("reason"), f.Get("text"), req.Note, by}, "\x00")))
	res, replay, err := s.app.Allocate(r.Context(), req)
	if replay != nil {
		// A repeated submit: the first decision stands.
		var first struct {
			Decision struct {
				To string `json:"to"`
			} `json:"decision"`
		}
		err = json.Unmarshal(replay, &first)
		res.Decision.To = first.Decision.To
	}
	if err != nil {
		p := problemOf(err)
		if p.Status >= 500 {
			s.writeProblem(w, r, err)
			return
		}
		msg := p.Title + ": " + p.Detail
		if errors.Is(err, allocation.ErrOverrideNeeded) {
			msg = "Choosing someone other than the recommendation needs a reason from the list: " + p.Detail
		}
		s.renderCase(w, r, p.Status, msg, f)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "by", Value: url.QueryEscape(by), Path: "/", SameSite: http.SameSiteLaxMode, HttpOnly: true})
	q := url.Values{"allocated": {id}, "to": {res.Decision.To}}
	http.Redirect(w, r, "/?"+q.Encode(), http.StatusSeeOther)
}

// teamChart is one team's workload chart.
type teamChart struct {
	Team   string
	Height int
	Width  int
	X100   float64 // x of the 100% line
	Bars   []bar
	Points int
	Avail  int
}

type bar struct {
	Label   string
	Percent float64
	Y       int
	Width   float64
	Class   string
}

const (
	chartLabel = 190 // px for names
	chartBar   = 480 // px for 0..scale%
	chartRow   = 22
)

func (s *Server) pageWorkload(w http.ResponseWriter, r *http.Request) {
	eng := s.app.Engine()
	byTeam := map[string][]caseload.Workload{}
	maxPct := 150.0
	for _, wl := range eng.Workloads() {
		byTeam[wl.Team] = append(byTeam[wl.Team], wl)
		maxPct = max(maxPct, wl.Percent)
	}
	scale := float64(int(maxPct/25)+1) * 25
	want := r.URL.Query().Get("team")
	var teams []string
	for t := range byTeam {
		if want == "" || t == want {
			teams = append(teams, t)
		}
	}
	slices.Sort(teams)
	var charts []teamChart
	for _, t := range teams {
		ws := byTeam[t]
		slices.SortFunc(ws, func(a, b caseload.Workload) int {
			return cmp.Or(cmp.Compare(b.Percent, a.Percent), cmp.Compare(a.Practitioner, b.Practitioner))
		})
		ch := teamChart{Team: t, Width: chartLabel + chartBar + 70, Height: len(ws)*chartRow + 24, X100: chartLabel + 100/scale*chartBar}
		for k, wl := range ws {
			p, _, _ := eng.Practitioner(wl.Practitioner)
			class := "ok"
			switch {
			case wl.Percent > 110:
				class = "high"
			case wl.Percent > 100:
				class = "over"
			}
			ch.Bars = append(ch.Bars, bar{Label: fmt.Sprintf("%s (%v)", cmp.Or(p.Name, wl.Practitioner), wl.Grade), Percent: wl.Percent,
				Y: k*chartRow + 4, Width: min(wl.Percent, scale) / scale * chartBar, Class: class})
			ch.Points += wl.Points
			ch.Avail += wl.Available
		}
		charts = append(charts, ch)
	}
	s.render(w, r, http.StatusOK, "workload.html", map[string]any{"Title": "Team workload", "Charts": charts, "Scale": scale,
		"AsOf": s.app.AsOf(), "Team": want})
}
