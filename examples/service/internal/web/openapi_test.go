package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/probationkit/probation/examples/service/internal/web"
)

// TestOpenAPIRoutes checks that every operation of the document is served
// (the walk-through in TestAPI checks the other direction: every request
// it makes is in the document).
func TestOpenAPIRoutes(t *testing.T) {
	doc := openAPIDoc(t)
	h := newHarness(t, web.Config{})
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			p := strings.ReplaceAll(path, "{id}", "UNKNOWN")
			req, _ := http.NewRequest(method, h.srv.URL+p, strings.NewReader("{}"))
			resp, err := h.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusNotFound && !strings.Contains(path, "{id}") || resp.StatusCode == http.StatusMethodNotAllowed {
				t.Errorf("%s %s is in the document but not served (%d)", method, path, resp.StatusCode)
			}
		}
	}
}
