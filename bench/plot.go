package bench

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/probationkit/probation/allocation"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// WorkloadCap is the top of the workload chart's axis, in percent: the
// naive strategies put some practitioners far above it, and a taller axis
// would flatten the boxes that matter. Values above it are clipped, and
// the chart's title says so.
const WorkloadCap = 250

// WorkloadChart saves to path (its extension chooses the format: .png,
// .svg, .pdf) a box plot of the practitioners' workload % after each
// strategy run of in, with dashed lines at 100% and at WMT's red line of
// 110%. Boxes span the quartiles, whiskers 1.5 interquartile ranges, and
// the points beyond them are drawn one by one.
func WorkloadChart(in *Instance, path string) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Workload %% after allocation by strategy: %s (%s practitioners)", in.Size.Name, Int(int64(in.Practitioners)))
	p.Y.Label.Text = "workload % (100 × load / available points)"
	var top float64
	var names []string
	for k, r := range in.Runs {
		if len(r.Metrics.Percents) == 0 {
			continue
		}
		b, err := plotter.NewBoxPlot(vg.Points(28), float64(len(names)), plotter.Values(r.Metrics.Percents))
		if err != nil {
			return fmt.Errorf("bench: workload chart %s: %w", r.Label, err)
		}
		b.FillColor = withAlpha(plotutil.Color(k), 0x60)
		b.GlyphStyle.Radius = vg.Points(1.5)
		p.Add(b)
		names = append(names, r.Label)
		top = max(top, r.Metrics.MaxPercent)
	}
	if len(names) == 0 {
		return fmt.Errorf("bench: workload chart %s: no workloads", in.Size.Name)
	}
	p.NominalX(names...)
	p.Y.Min = 0
	p.Y.Max = math.Max(130, math.Min(top*1.03, WorkloadCap))
	if top > WorkloadCap {
		p.Title.Text += fmt.Sprintf(" — axis cut at %d%%, highest %.0f%%", WorkloadCap, top)
	}
	for _, ref := range []struct {
		y   float64
		c   color.Color
		txt string
	}{{100, color.RGBA{0x33, 0x33, 0x33, 0xff}, "100%"}, {110, color.RGBA{0xcc, 0x00, 0x00, 0xff}, "110% (WMT red line)"}} {
		l, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: ref.y}, {X: float64(len(names)) - 0.5, Y: ref.y}})
		if err != nil {
			return err
		}
		l.Color = ref.c
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l)
		p.Legend.Add(ref.txt, l)
	}
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	if err := p.Save(10*vg.Inch, 5*vg.Inch, path); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), a}
}

// TimeChart saves to path a log–log chart of solve time against the
// number of cases in the problem: one series per strategy (Solve's wall
// time), one for our flow engine on the relaxation alone, and one each for
// LEMON NetworkSimplex and CLP on the same relaxation when rep has external
// results. Lines join the instances whose cases are all new (pdu, region,
// national), the scaling series; the others (daily, rebalance) are points
// only. The Optimal series' points carry the instance names.
func TimeChart(rep *Report, path string) error {
	type series struct {
		line, points plotter.XYs
	}
	var order []string
	byName := map[string]*series{}
	var labels plotter.XYLabels
	for _, in := range rep.Instances {
		x := float64(max(in.Cases, 1))
		add := func(name string, y float64) {
			s, ok := byName[name]
			if !ok {
				s = &series{}
				byName[name] = s
				order = append(order, name)
			}
			pt := plotter.XY{X: x, Y: math.Max(y, 1e-5)}
			s.points = append(s.points, pt)
			if in.Size.AllNew() {
				s.line = append(s.line, pt)
			}
		}
		for _, r := range in.Runs {
			add("Solve: "+r.Label, r.Seconds)
			if r.Strategy == allocation.FlowSearch && r.Objective == allocation.MinCost {
				labels.XYs = append(labels.XYs, plotter.XY{X: x, Y: math.Max(r.Seconds, 1e-5)})
				labels.Labels = append(labels.Labels, in.Size.Name)
			}
		}
		if in.Flow.Seconds > 0 {
			add("relaxation: internal/mcf (ours)", in.Flow.Seconds)
		}
		for _, e := range in.External {
			switch {
			case e.Status != "optimal" || e.Seconds <= 0:
			case e.Solver == "lemon-ns":
				add("relaxation: LEMON NetworkSimplex", e.Seconds)
			case e.Solver == "clp-relax":
				add("relaxation: CLP dual simplex", e.Seconds)
			}
		}
	}
	if len(order) == 0 {
		return fmt.Errorf("bench: time chart: no runs")
	}
	p := plot.New()
	p.Title.Text = "Solve time against problem size (log–log; lines join the all-new instances)"
	p.X.Label.Text = "cases in the problem"
	p.Y.Label.Text = "seconds"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.Add(plotter.NewGrid())
	byX := func(a, b plotter.XY) int { return cmp.Compare(a.X, b.X) }
	for k, name := range order {
		s := byName[name]
		sc, err := plotter.NewScatter(s.points)
		if err != nil {
			return fmt.Errorf("bench: time chart %s: %w", name, err)
		}
		sc.Color, sc.Shape, sc.Radius = plotutil.Color(k), plotutil.Shape(k), vg.Points(3)
		p.Add(sc)
		thumbs := []plot.Thumbnailer{sc}
		if len(s.line) > 1 {
			slices.SortStableFunc(s.line, byX)
			l, err := plotter.NewLine(s.line)
			if err != nil {
				return fmt.Errorf("bench: time chart %s: %w", name, err)
			}
			l.Color, l.Width = plotutil.Color(k), vg.Points(1)
			if strings.HasPrefix(name, "relaxation:") {
				l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
			}
			p.Add(l)
			thumbs = append(thumbs, l)
		}
		p.Legend.Add(name, thumbs...)
	}
	if len(labels.XYs) > 0 {
		lb, err := plotter.NewLabels(labels)
		if err != nil {
			return err
		}
		lb.Offset = vg.Point{X: vg.Points(6), Y: vg.Points(2)}
		p.Add(lb)
	}
	p.Legend.Left, p.Legend.Top = true, true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Legend.Padding = vg.Points(1)
	p.Legend.ThumbnailWidth = vg.Points(20)
	if err := p.Save(9*vg.Inch, 6*vg.Inch, path); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}
