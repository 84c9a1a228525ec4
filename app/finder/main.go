//go:build js && wasm

// Finder is the reference's search in the browser: a small Go program,
// without go-app, that web/finder.js starts on the home page. It takes
// over the pre-rendered search box and filters, runs [finder.Search] (the
// catalog's own search) on every keystroke and puts the rows
// [finder.View.ResultsHTML] renders in place of the old ones; ↑ and ↓ move
// the highlight, Enter opens it, Escape clears the query. The page's HTML
// stays what the person reads: nothing is re-created until they search.
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o public/web/finder.wasm ./app/finder
package main

import (
	"syscall/js"

	"github.com/errscope/errscope/internal/finder"
	"github.com/errscope/errscope/internal/route"
)

var (
	doc    = js.Global().Get("document")
	box    js.Value // the search input
	form   js.Value // its form
	view   finder.View
	shown  string // the HTML of the rows on screen, to skip no-op updates
	chosen = map[string]js.Value{}
)

func main() {
	box = byID("search")
	form = byID("search-form")
	if !box.Truthy() || !form.Truthy() {
		ready("ready")
		select {}
	}
	for _, k := range finder.Params[1:] {
		chosen[k] = form.Call("querySelector", `select[name="`+k+`"]`)
	}
	// The URL wins over what the pre-rendered controls hold (a ?q= link);
	// without one, keep what the person typed or chose before we started.
	params := js.Global().Get("URLSearchParams").New(js.Global().Get("location").Get("search"))
	fromURL := false
	for _, k := range finder.Params {
		if params.Call("has", k).Bool() {
			fromURL = true
		}
	}
	var s finder.State
	if fromURL {
		s = finder.Parse(func(k string) string {
			v := params.Call("get", k)
			if v.IsNull() {
				return ""
			}
			return v.String()
		})
		setControls(s)
	} else {
		s = readControls()
	}
	// The pre-rendered page is the empty state: re-rendering it would cost
	// the first task the whole index and 75 rows for nothing. A query or a
	// filter (from the URL, or typed or chosen before we ran) is shown, and
	// what was typed goes into the address bar too.
	if s != (finder.State{}) {
		render(s, !fromURL)
	}

	box.Call("addEventListener", "input", js.FuncOf(func(js.Value, []js.Value) any {
		render(readControls(), true)
		return nil
	}))
	for _, sel := range chosen {
		if sel.Truthy() {
			sel.Call("addEventListener", "change", js.FuncOf(func(js.Value, []js.Value) any {
				render(readControls(), true)
				return nil
			}))
		}
	}
	box.Call("addEventListener", "keydown", js.FuncOf(func(_ js.Value, args []js.Value) any {
		onKey(args[0])
		return nil
	}))
	// Enter is ours once we run; before, the form's GET to /?q= is the
	// fallback, and the URL carries the query into this program.
	form.Call("addEventListener", "submit", js.FuncOf(func(_ js.Value, args []js.Value) any {
		args[0].Call("preventDefault")
		return nil
	}))
	ready("ready")
	select {}
}

func byID(id string) js.Value { return doc.Call("getElementById", id) }

// ready tells web/finder.js (and the tests) how the start went.
func ready(state string) {
	doc.Get("documentElement").Call("setAttribute", "data-finder", state)
}

// readControls reads the State from the box and the filters.
func readControls() finder.State {
	return finder.Parse(func(k string) string {
		var v string
		if k == "q" {
			v = box.Get("value").String()
		} else if sel := chosen[k]; sel.Truthy() {
			v = sel.Get("value").String()
		}
		if v == finder.AnyValue {
			return ""
		}
		return v
	})
}

// setControls shows s in the box and the filters.
func setControls(s finder.State) {
	box.Set("value", s.Query)
	vals := map[string]string{"api": string(s.API), "category": string(s.Category), "status": s.Status, "retryable": s.Retryable}
	for k, sel := range chosen {
		if !sel.Truthy() {
			continue
		}
		v := vals[k]
		if v == "" {
			v = finder.AnyValue
		}
		sel.Set("value", v)
	}
}

// render searches and shows the result; writeURL puts the state into the
// address bar (replaceState: typing is not navigation).
func render(s finder.State, writeURL bool) {
	view = finder.Search(s)
	rows := view.ResultsHTML()
	if rows != shown {
		if el := byID("results"); el.Truthy() {
			el.Set("outerHTML", rows)
		}
		shown = rows
	}
	if c := byID("result-count"); c.Truthy() {
		c.Set("innerHTML", view.CountHTML())
	}
	markActive()
	doc.Set("title", s.Title())
	if writeURL {
		q := js.Global().Get("URLSearchParams").New()
		for _, kv := range s.Params() {
			q.Call("append", kv[0], kv[1])
		}
		u := "/"
		if qs := q.Call("toString").String(); qs != "" {
			u += "?" + qs
		}
		js.Global().Get("history").Call("replaceState", js.Null(), "", u)
	}
}

// markActive highlights row view.Active and tells assistive technology.
func markActive() {
	for i := range view.Matches {
		li := byID(finder.RowID(i))
		if !li.Truthy() {
			continue
		}
		on := i == view.Active
		li.Get("classList").Call("toggle", "active", on)
		if a := li.Call("querySelector", "a"); a.Truthy() {
			if on {
				a.Call("setAttribute", "aria-current", "true")
			} else {
				a.Call("removeAttribute", "aria-current")
			}
		}
	}
	if view.Active >= 0 {
		box.Call("setAttribute", "aria-activedescendant", finder.RowID(view.Active))
	} else {
		box.Call("removeAttribute", "aria-activedescendant")
	}
}

func onKey(e js.Value) {
	if view.Matches == nil { // the pre-rendered list: the same rows, not yet searched
		view = finder.Search(readControls())
	}
	n := len(view.Matches)
	switch e.Get("key").String() {
	case "ArrowDown":
		if n == 0 {
			return
		}
		e.Call("preventDefault")
		view.Active = min(view.Active+1, n-1)
	case "ArrowUp":
		if n == 0 {
			return
		}
		e.Call("preventDefault")
		view.Active = max(view.Active-1, 0)
	case "Enter":
		e.Call("preventDefault")
		i := max(view.Active, 0)
		if i < n {
			js.Global().Get("location").Call("assign", route.Code(view.Matches[i].Entry))
		}
		return
	case "Escape":
		if box.Get("value").String() != "" {
			e.Call("preventDefault")
			box.Set("value", "")
			render(readControls(), true)
		}
		return
	default:
		return
	}
	markActive()
	if li := byID(finder.RowID(view.Active)); li.Truthy() {
		li.Call("scrollIntoView", map[string]any{"block": "nearest"})
	}
}
