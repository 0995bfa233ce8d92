package bench

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// SimChart saves to path, as a PNG, one panel per metric of ms that has a
// weekly series: for each line of rep, the mean over the seeds week by
// week, drawn over a shaded band from the lowest to the highest seed. A
// line's colour is its strategy's, its dashes its plan's; the last panel
// holds the legend. A workload % panel whose values pass WorkloadCap has
// a logarithmic axis, and says so.
func SimChart(rep *SimReport, ms []SimMetric, title, path string) error {
	var panels []*plot.Plot
	legend := plot.New()
	legend.HideAxes()
	legend.Title.Text = title
	legend.Legend.Top, legend.Legend.Left = true, true
	legend.Legend.TextStyle.Font.Size = vg.Points(10)
	for k := range ms {
		m := &ms[k]
		if m.Week == nil {
			continue
		}
		p, err := simPanel(rep, m, legend, len(panels) == 0)
		if err != nil {
			return err
		}
		panels = append(panels, p)
	}
	if len(panels) == 0 {
		return fmt.Errorf("bench: sim chart %s: no weekly metric", title)
	}
	panels = append(panels, legend)
	cols := 4 // or 3, when that leaves fewer cells empty
	if (3-len(panels)%3)%3 < (4-len(panels)%4)%4 {
		cols = 3
	}
	rows := (len(panels) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
		for c := range cols {
			if k := r*cols + c; k < len(panels) {
				grid[r][c] = panels[k]
			}
		}
	}
	img := vgimg.New(4*vg.Inch*vg.Length(cols), 3.4*vg.Inch*vg.Length(rows))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(8), PadY: vg.Points(8),
		PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(8)}
	canvases := plot.Align(grid, tiles, dc)
	for r := range grid {
		for c, p := range grid[r] {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("bench: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}

// simPanel draws metric m for every line of rep; with withLegend, it adds
// each line's entry to legend.
func simPanel(rep *SimReport, m *SimMetric, legend *plot.Plot, withLegend bool) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = m.Name
	p.Title.TextStyle.Font.Size = vg.Points(11)
	p.X.Label.Text = "week"
	p.Y.Label.Text = m.Unit
	p.Add(plotter.NewGrid())
	if m.Log {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	}
	var plans []Plan
	top := 0.0
	for _, l := range rep.Lines {
		if !slices.Contains(plans, l.Plan) {
			plans = append(plans, l.Plan)
		}
		var mean, band plotter.XYs
		var hi plotter.XYs
		for k, b := range m.Series(l) {
			if b.N == 0 || m.Log && b.Lo <= 0 {
				continue
			}
			x := float64(k + 1)
			mean = append(mean, plotter.XY{X: x, Y: b.Mean})
			band = append(band, plotter.XY{X: x, Y: b.Lo})
			hi = append(hi, plotter.XY{X: x, Y: b.Hi})
			top = max(top, b.Hi)
		}
		if len(mean) == 0 {
			continue
		}
		slices.Reverse(hi)
		c := plotutil.Color(int(l.Strategy))
		if len(mean) > 1 {
			poly, err := plotter.NewPolygon(append(band, hi...))
			if err != nil {
				return nil, fmt.Errorf("bench: sim chart %s: %w", m.Name, err)
			}
			poly.Color, poly.LineStyle.Width = withAlpha(c, 0x30), 0
			p.Add(poly)
		}
		line, err := plotter.NewLine(mean)
		if err != nil {
			return nil, fmt.Errorf("bench: sim chart %s: %w", m.Name, err)
		}
		line.Color, line.Width = c, vg.Points(1.2)
		line.Dashes = planDashes(slices.Index(plans, l.Plan))
		p.Add(line)
		if withLegend {
			legend.Legend.Add(l.Label(), line)
		}
	}
	switch {
	case m.Log:
	case m.Unit == "workload %" && top > WorkloadCap:
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, percentTicks{}
		p.Title.Text += " (log scale)"
	case m.Unit == "workload %":
		p.Y.Tick.Marker = plainTicks{}
	default:
		p.Y.Min = math.Min(p.Y.Min, 0)
		p.Y.Tick.Marker = plainTicks{}
	}
	return p, nil
}

// percentTicks label a logarithmic workload % axis at round values.
type percentTicks struct{}

func (percentTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for _, v := range []float64{50, 75, 100, 110, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000} {
		if v >= lo && v <= hi {
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
		}
	}
	return ticks
}

// plainTicks are plot.DefaultTicks labelled in the shortest form ("500",
// not "500.00").
type plainTicks struct{}

func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for k := range ticks {
		if ticks[k].Label != "" {
			ticks[k].Label = strconv.FormatFloat(ticks[k].Value, 'f', -1, 64)
		}
	}
	return ticks
}

// planDashes returns the dashes of the k-th plan: solid, dashed, dotted.
func planDashes(k int) []vg.Length {
	switch k {
	case 0:
		return nil
	case 1:
		return []vg.Length{vg.Points(6), vg.Points(3)}
	}
	return []vg.Length{vg.Points(1.5), vg.Points(2.5)}
}
