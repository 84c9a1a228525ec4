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
				els = append(els, svgText((x(start)+x(end))/2, barY-6, "middle", "", "wait "+durtext.Format(time.Duration(a.DelayMS)*time.Millisecond)))
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

// herdSVG draws the load histogram of one herd run: requests per bucket on
// a scale shared by all cards (maxReq), the end of the outage, and the
// server's capacity per bucket.
func herdSVG(hr herdRun, maxReq int, f simForm) app.UI {
	const w, h, ml, mb, mt = 320, 150, 4, 20, 8
	r := hr.res
	n := len(r.Buckets)
	if n == 0 {
		return svgRoot(w, h, "no requests")
	}
	bw := float64(w-2*ml) / float64(n)
	y := func(v float64) float64 { return h - mb - v/float64(maxReq)*(h-mb-mt) }
	var els []app.UI
	for i, b := range r.Buckets {
		els = append(els, svgRect(ml+float64(i)*bw+bw*0.1, y(float64(b.Requests)), bw*0.8, y(0)-y(float64(b.Requests)), "bar"))
	}
	els = append(els, svgLine(ml, y(0), w-ml, y(0), "axis"))
	if outage, err := duration(f.Outage); err == nil && r.BucketMS > 0 {
		ox := ml + float64(outage.Milliseconds())/float64(r.BucketMS)*bw
		if ox <= w-ml {
			els = append(els, svgLine(ox, mt, ox, y(0), "axis"), svgText(ox+3, mt+10, "start", "", "outage ends"))
		}
	}
	if c, err := strconv.Atoi(f.Capacity); err == nil && c > 0 && r.BucketMS > 0 {
		per := float64(c) * float64(r.BucketMS) / 1000
		if per <= float64(maxReq) {
			els = append(els, svgLine(ml, y(per), w-ml, y(per), "capacity"))
		}
	}
	span := time.Duration(int64(n)*r.BucketMS) * time.Millisecond
	els = append(els,
		svgText(ml, h-4, "start", "", "0"),
		svgText(w-ml, h-4, "end", "", durtext.Format(span)),
	)
	label := fmt.Sprintf("%s jitter: %d calls, peak %s requests per second", hr.jitter, r.TotalCalls, num(r.PeakRPS))
	return svgRoot(w, h, label, els...)
}
