package main

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/retry"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// SVG charts of the simulator, built as go-app elements (not app.Raw) so
// that they are diffed like the rest of the page. Every element carries
// the SVG namespace: go-app creates elements with createElementNS only
// when told. Colours come from classes in web/site.css.

const svgNS = "http://www.w3.org/2000/svg"

func svgEl(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(svgNS) }

func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

func svgRoot(w, h int, label string, children ...app.UI) app.UI {
	return svgEl("svg").Class("chart").
		Attr("viewBox", fmt.Sprintf("0 0 %d %d", w, h)).
		Attr("role", "img").Aria("label", label).
		Attr("preserveAspectRatio", "xMidYMid meet").
		Body(append([]app.UI{svgEl("title").Text(label)}, children...)...)
}

func svgText(x, y float64, anchor, cls, s string) app.UI {
	t := svgEl("text").Attr("x", num(x)).Attr("y", num(y)).Attr("text-anchor", anchor).Text(s)
	if cls != "" {
		t = t.Class(cls)
	}
	return t
}

func svgLine(x1, y1, x2, y2 float64, cls string) app.UI {
	return svgEl("line").Class(cls).Attr("x1", num(x1)).Attr("y1", num(y1)).Attr("x2", num(x2)).Attr("y2", num(y2))
}

func svgRect(x, y, w, h float64, cls string) app.UI {
	return svgEl("rect").Class(cls).Attr("x", num(x)).Attr("y", num(y)).Attr("width", num(math.Max(w, 0))).Attr("height", num(math.Max(h, 0)))
}

// niceStep returns a tick step (1, 2 or 5 × 10^n ms) giving about n ticks
// over total ms.
func niceStep(total float64, n int) float64 {
	if total <= 0 {
		return 1000
	}
	raw := total / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// timelineSVG draws one simulated request: a marker per attempt (coloured
// by its decision, labelled with the status), a bar per wait (labelled
// with its length) and a time axis.
func timelineSVG(r retry.Result) app.UI {
	const w, h, ml, mr = 560, 130, 20, 20
	total := float64(r.TotalMS)
	for _, a := range r.Attempts {
		total = math.Max(total, float64(a.AtMS+a.DelayMS))
	}
	if total <= 0 {
		total = 1000
	}
	x := func(ms float64) float64 { return ml + ms/total*(w-ml-mr) }
	var els []app.UI
	const axisY, markY, barY, barH = 100.0, 58.0, 48.0, 20.0
	els = append(els, svgLine(ml, axisY, w-mr, axisY, "axis"))
	step := niceStep(total, 6)
	for t := 0.0; t <= total+step/100; t += step {
		els = append(els, svgLine(x(t), axisY, x(t), axisY+4, "axis"),
			svgText(x(t), axisY+16, "middle", "", durtext.Format(time.Duration(t)*time.Millisecond)))
	}
	for i, a := range r.Attempts {
		if a.Decision == retry.DecisionRetry && a.DelayMS > 0 {
			end := float64(a.AtMS + a.DelayMS)
			if i+1 < len(r.Attempts) {
				end = float64(r.Attempts[i+1].AtMS)
			}
			start := end - float64(a.DelayMS)
			els = append(els, svgRect(x(start), barY, x(end)-x(start), barH, "wait"))
			if x(end)-x(start) > 40 {
				label := "wait " + durtext.Format(time.Duration(a.DelayMS)*time.Millisecond)
				lx, anchor := labelX((x(start)+x(end))/2, label, w)
				els = append(els, svgText(lx, barY-6, anchor, "", label))
			}
		}
	}
	lastLabel := math.Inf(-1)
	for _, a := range r.Attempts {
		cls := "attempt-fail"
		switch a.Decision {
		case retry.DecisionSuccess:
			cls = "attempt-ok"
		case retry.DecisionStop:
			cls = "attempt-stop"
		}
		label := "net"
		if a.Status != 0 {
			label = strconv.Itoa(a.Status)
		}
		ax := x(float64(a.AtMS))
		ly := markY + 26.0
		if ax-lastLabel < 30 { // too close to the previous label: put it above
			ly = markY - 14
		}
		lastLabel = ax
		els = append(els,
			svgEl("circle").Class(cls).Attr("cx", num(ax)).Attr("cy", num(markY)).Attr("r", "7"),
			svgText(ax, ly, "middle", "", label),
		)
	}
	return svgRoot(w, h, outcomeText(r), els...)
}

// timelineGlyph is the widest a character of the timeline's labels gets,
// in viewBox units: 0.56 em at the largest font size web/site.css gives
// them (17 px, on phones).
const timelineGlyph = 0.56 * 17

// labelX places a label centred on cx when it fits inside 0…w, and
// otherwise against the nearer edge, so that no label is cut.
func labelX(cx float64, label string, w float64) (float64, string) {
	half := float64(len([]rune(label))) * timelineGlyph / 2
	switch {
	case cx-half < 2:
		return 2, "start"
	case cx+half > w-2:
		return w - 2, "end"
	}
	return cx, "middle"
}

// The herd cards' charts share one time axis and one load scale
// (herdAxes), so that bars compare across cards. Sizes are viewBox units.
const (
	herdW, herdH                   = 320.0, 184.0
	herdML, herdMR, herdMT, herdMB = 46.0, 10.0, 22.0, 36.0
)

// herdAxes is the one time axis and the one load scale of every herd
// card: time from 0 (the outage begins) to SpanMS, load from 0 to MaxRPS
// requests per second, with ticks every TimeStepMS and RPSStep.
type herdAxes struct {
	SpanMS, TimeStepMS float64
	MaxRPS, RPSStep    float64
	OutageMS           float64 // the outage's end; 0 means no outage
	Capacity           int     // the server's requests per second; 0 means unlimited
}

// newHerdAxes fits the axes to every run, and to the capacity line.
func newHerdAxes(runs []herdRun, outage time.Duration, capacity int) herdAxes {
	a := herdAxes{OutageMS: float64(max(outage, 0).Milliseconds()), Capacity: max(capacity, 0)}
	top := float64(a.Capacity)
	for _, h := range runs {
		a.SpanMS = math.Max(a.SpanMS, float64(int64(len(h.res.Buckets))*h.res.BucketMS))
		for _, b := range h.res.Buckets {
			top = math.Max(top, rps(b.Requests, h.res.BucketMS))
		}
	}
	a.SpanMS = math.Max(a.SpanMS, a.OutageMS)
	a.TimeStepMS = niceStep(a.SpanMS, 4)
	a.SpanMS = math.Max(math.Ceil(a.SpanMS/a.TimeStepMS)*a.TimeStepMS, a.TimeStepMS)
	a.RPSStep = niceStep(math.Max(top, 1), 3)
	a.MaxRPS = math.Max(math.Ceil(top/a.RPSStep)*a.RPSStep, a.RPSStep)
	return a
}

// rps is a bucket's load in requests per second.
func rps(requests int, bucketMS int64) float64 {
	if bucketMS <= 0 {
		return 0
	}
	return float64(requests) * 1000 / float64(bucketMS)
}

func (a herdAxes) x(ms float64) float64 { return herdML + ms/a.SpanMS*(herdW-herdML-herdMR) }
func (a herdAxes) y(v float64) float64 {
	return herdH - herdMB - v/a.MaxRPS*(herdH-herdMB-herdMT)
}

// A herdBar is one bucket's bar: its load in requests per second, drawn
// H high from the axis, the failed requests' share FailedH of it on top.
type herdBar struct {
	TMS         int64
	RPS         float64
	X, W, H     float64
	FailedH     float64
	AfterOutage bool
}

// bars lays out a run's buckets on the shared axes.
func (a herdAxes) bars(r retry.HerdResult) []herdBar {
	out := make([]herdBar, 0, len(r.Buckets))
	for _, b := range r.Buckets {
		v := rps(b.Requests, r.BucketMS)
		x0, x1 := a.x(float64(b.TMS)), a.x(float64(b.TMS+r.BucketMS))
		gap := (x1 - x0) * 0.1
		out = append(out, herdBar{
			TMS: b.TMS, RPS: v,
			X: x0 + gap, W: x1 - x0 - 2*gap,
			H:           a.y(0) - a.y(v),
			FailedH:     a.y(0) - a.y(rps(b.Failed, r.BucketMS)),
			AfterOutage: float64(b.TMS) >= a.OutageMS,
		})
	}
	return out
}

// herdPeaks returns the tallest bars' loads before and after the
// outage's end: the figures printed under each card. after is the run's
// PeakRPS when some bucket starts after the outage.
func herdPeaks(r retry.HerdResult, outage time.Duration) (during, after float64) {
	for _, b := range r.Buckets {
		v := rps(b.Requests, r.BucketMS)
		if b.TMS >= outage.Milliseconds() {
			after = math.Max(after, v)
		} else {
			during = math.Max(during, v)
		}
	}
	return during, after
}

// herdSVG draws the load histogram of one herd run on the shared axes:
// served and failed requests per second, the end of the outage and the
// server's capacity after it.
func herdSVG(hr herdRun, a herdAxes) app.UI {
	r := hr.res
	var els []app.UI
	// Load axis: gridlines and labels, its unit above.
	for v := 0.0; v <= a.MaxRPS+a.RPSStep/100; v += a.RPSStep {
		els = append(els, svgLine(herdML, a.y(v), herdW-herdMR, a.y(v), "grid"),
			svgText(herdML-5, a.y(v)+4, "end", "", num(v)))
	}
	els = append(els, svgText(herdML-5, herdMT-9, "end", "unit", "req/s"))
	for _, b := range a.bars(r) {
		base := a.y(0)
		// Served at the bottom, failed stacked on top: together H high.
		if served := b.H - b.FailedH; served > 0 {
			els = append(els, svgRect(b.X, base-served, b.W, served, "bar"))
		}
		if b.FailedH > 0 {
			els = append(els, svgRect(b.X, base-b.H, b.W, b.FailedH, "bar-failed"))
		}
	}
	// Time axis, shared by every card.
	els = append(els, svgLine(herdML, a.y(0), herdW-herdMR, a.y(0), "axis"))
	for t := 0.0; t <= a.SpanMS+a.TimeStepMS/100; t += a.TimeStepMS {
		els = append(els, svgLine(a.x(t), a.y(0), a.x(t), a.y(0)+4, "axis"),
			svgText(a.x(t), a.y(0)+16, "middle", "", num(t/1000)))
	}
	els = append(els, svgText((herdML+herdW-herdMR)/2, herdH-3, "middle", "unit", "seconds since the outage began"))
	if a.OutageMS > 0 {
		ox := a.x(a.OutageMS)
		els = append(els, svgLine(ox, herdMT, ox, a.y(0), "outage-end"))
	}
	if a.Capacity > 0 {
		cy := a.y(float64(a.Capacity))
		els = append(els, svgLine(a.x(a.OutageMS), cy, herdW-herdMR, cy, "capacity"))
	}
	label := fmt.Sprintf("%s: %d calls, peak after the outage %s requests per second", hr.jitter.Label(), r.TotalCalls, num(r.PeakRPS))
	return svgRoot(int(herdW), int(herdH), label, els...)
}
