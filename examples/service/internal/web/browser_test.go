package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/probationkit/probation/examples/service/internal/web"
)

// browser starts headless Chromium (Debian's chromium) for the test, or
// skips the test when there is none — except under CI, which installs it.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium is not installed, and CI must install it (apt-get install chromium): %v", err)
		}
		t.Skipf("SKIP: no chromium on PATH (apt-get install chromium); the browser test needs a real browser")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true), chromedp.WindowSize(1280, 1100))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// shots is where the test saves its screenshots: $SCREENSHOT_DIR, or a
// new temporary directory, printed.
func shots(t *testing.T) func(ctx context.Context, name string) {
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "service-screenshots-"); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return func(ctx context.Context, name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBrowser walks the pages as a senior probation officer would, in
// headless Chromium: the waiting list, a case, accepting the
// recommendation, choosing another practitioner with a reason (after
// being told one is needed), the team workload chart; then it checks the
// database.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t, web.Config{})
	shot := shots(t)
	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(c, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string { return read(t, ctx, chromedp.Text(chromedp.CSS(sel))) }
	value := func(sel string) string { return read(t, ctx, chromedp.Value(chromedp.CSS(sel))) }

	// 1. The waiting list, oldest first.
	run("open the waiting list", chromedp.Navigate(h.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#waiting")))
	shot(ctx, "01-waiting-list")
	first := text("#waiting tbody tr:first-child td:first-child")
	if first != "C002328" {
		t.Errorf("the first waiting case is %q, want C002328, the oldest", first)
	}
	if days := text("#waiting tbody tr:first-child td:last-child"); days != "20" {
		t.Errorf("it has waited %q days, want 20", days)
	}

	// 2. Open it: the recommendation and why.
	run("open the case", chromedp.Click(chromedp.CSS("#waiting tbody tr:first-child a")), chromedp.WaitVisible(chromedp.CSS("#recommendation")))
	shot(ctx, "02-case")
	recommended := value("#accept-form input[name=practitioner]")
	if why := text("#why"); !strings.Contains(why, recommended) {
		t.Errorf("the why %q does not name the recommended %s", why, recommended)
	}
	if imp := text("#candidates tbody tr:first-child td.impact"); !strings.Contains(imp, "→") {
		t.Errorf("the candidate's impact %q is not X%% → Y%%", imp)
	}

	// 3. Accept the recommendation.
	run("accept", chromedp.SendKeys(chromedp.CSS("#accept-by"), "Sam Okoro"), chromedp.SendKeys(chromedp.CSS("#accept-note"), "agreed at the allocation meeting"),
		chromedp.Click(chromedp.CSS("#accept")), chromedp.WaitVisible(chromedp.CSS("#allocated")))
	shot(ctx, "03-accepted")
	if b := text("#allocated"); !strings.Contains(b, first) || !strings.Contains(b, recommended) {
		t.Errorf("the banner %q does not say %s went to %s", b, first, recommended)
	}

	// 4. The next case: choose the second candidate, first without a
	// reason (refused), then with one.
	second := text("#waiting tbody tr:first-child td:first-child")
	run("open the next case", chromedp.Click(chromedp.CSS("#waiting tbody tr:first-child a")), chromedp.WaitVisible(chromedp.CSS("#choose-form")))
	chosen := value("#candidates tbody tr:nth-child(2) input[type=radio]")
	run("choose without a reason", chromedp.Click(chromedp.CSS("#candidates tbody tr:nth-child(2) input[type=radio]")),
		chromedp.Click(chromedp.CSS("#choose")), chromedp.WaitVisible(chromedp.CSS("#error")))
	shot(ctx, "04-reason-needed")
	if e := text("#error"); !strings.Contains(e, "reason") {
		t.Errorf("the error %q does not ask for a reason", e)
	}
	run("choose with a reason", chromedp.Click(chromedp.CSS("#candidates tbody tr:nth-child(2) input[type=radio]")),
		chromedp.SetValue(chromedp.CSS("#reason"), "continuity"), chromedp.SendKeys(chromedp.CSS("#reason-text"), "supervised her sister"))
	shot(ctx, "05-override-form")
	run("submit", chromedp.Click(chromedp.CSS("#choose")), chromedp.WaitVisible(chromedp.CSS("#allocated")))
	shot(ctx, "06-overridden")

	// 5. The team workload page.
	run("workload", chromedp.Navigate(h.srv.URL+"/workload"), chromedp.WaitVisible(chromedp.CSS("svg.chart")))
	shot(ctx, "07-team-workload")
	bars, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.chart rect").length`))
	if err != nil || bars != 77 {
		t.Errorf("the charts have %d bars (%v), want one per practitioner, 77", bars, err)
	}

	// 6. The database holds both decisions, as made.
	ds, err := h.st.Decisions(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var places []string
	for _, d := range ds {
		if d.Kind == "place" {
			places = append(places, strings.Join([]string{d.CaseID, d.To, d.Recommended, d.By, d.OverrideReason, d.OverrideText, d.Note}, "|"))
		}
	}
	want := []string{
		first + "|" + recommended + "|" + recommended + "|Sam Okoro|||agreed at the allocation meeting",
		second + "|" + chosen + "|" + ds[len(ds)-1].Recommended + "|Sam Okoro|continuity|supervised her sister|",
	}
	if strings.Join(places, "\n") != strings.Join(want, "\n") || chosen == ds[len(ds)-1].Recommended {
		t.Errorf("decisions in the database:\n%s\nwant:\n%s", strings.Join(places, "\n"), strings.Join(want, "\n"))
	}
}

// read runs an action that reads the page, within 10 seconds.
func read[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, a)
	if err != nil {
		t.Fatalf("reading the page: %v", err)
	}
	return v
}
