package main

import (
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// codeLookupPage is /errors/<code> without the API. A code that only one
// API uses has a redirect to its page (_redirects on the host, a client
// navigation in the browser); a code several APIs share, and an API id
// itself (/errors/babysea), list the candidates.
type codeLookupPage struct {
	app.Compo

	// Name overrides the URL's last segment; tests set it.
	Name string

	name       string
	api        catalog.API // set when name is an API id
	candidates []catalog.Entry
}

func (p *codeLookupPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *codeLookupPage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *codeLookupPage) load(ctx app.Context) {
	p.name = p.Name
	if p.name == "" {
		p.name = path.Base(ctx.Page().URL().Path)
	}
	p.api = ""
	p.candidates = nil
	if _, ok := catalog.Info(catalog.API(p.name)); ok {
		p.api = catalog.API(p.name)
		for _, e := range catalog.All() {
			if e.API == p.api {
				p.candidates = append(p.candidates, e)
			}
		}
		setMeta(ctx, apiName(p.api)+" error codes", "Every error code of the "+apiName(p.api)+" API.")
		return
	}
	p.candidates = catalog.LookupCode(catalog.Code(p.name))
	if len(p.candidates) == 1 && app.IsClient {
		ctx.Navigate(route.Code(p.candidates[0]))
		return
	}
	setMeta(ctx, p.name, "The error code "+p.name+" exists in several APIs; pick yours.")
}

func (p *codeLookupPage) Render() app.UI {
	var title, intro string
	switch {
	case p.api != "":
		title = apiName(p.api) + " error codes"
		intro = ""
	case len(p.candidates) == 0:
		title = "Unknown error code " + p.name
	case len(p.candidates) == 1:
		title = string(p.candidates[0].Code)
		intro = "This code belongs to " + apiName(p.candidates[0].API) + "."
	default:
		title = p.name
		intro = "Several APIs use this code. They mean different things and retry differently — pick the API that sent it:"
	}
	return layout(sectionReference, app.Div().ID("code-lookup").Class("prose").Body(
		app.H1().Text(title),
		app.If(intro != "", func() app.UI { return app.P().Text(intro) }),
		app.Ul().ID("candidates").Class("candidates").Body(app.Range(p.candidates).Slice(func(i int) app.UI {
			e := p.candidates[i]
			return app.Li().Body(
				app.A().Href(route.Code(e)).Body(app.Code().Text(string(e.Code))),
				app.Text(" "), statusBadge(e.Status),
				app.Text(" "+apiName(e.API)+": "+e.Title+" "),
				retryBadge(e.Retryable),
			)
		})),
		app.If(len(p.candidates) == 0 && p.api == "", func() app.UI { return unknownCode("", p.name) }),
	))
}

// unknownCodeRE matches the paths of code pages, known or not:
// /errors/<api>/<code> and /errors/<code>.
var unknownCodeRE = regexp.MustCompile(`^/errors/(?:([a-z]+)/)?([A-Za-z0-9_.\-]+)$`)

// unknownCodePath reports whether path names a code page, with its API
// ("" when the path has none) and code.
func unknownCodePath(path string) (api catalog.API, code string, ok bool) {
	m := unknownCodeRE.FindStringSubmatch(path)
	if m == nil {
		return "", "", false
	}
	return catalog.API(m[1]), m[2], true
}

// nearCodes returns up to n entries close to an unknown code: the codes of
// api (or of every API) that share the longest prefix with it, then the
// longest suffix (a typo inside: RATE_LIMT_EXCEEDED → RATE_LIMIT_EXCEEDED)
// and, among those, the nearest number ("BSE9999" → BSE5003, BSE5002 …).
// It does not run the catalog's search: that would add its index to the
// tools' binary, which shows this on the not-found page (77 KB).
func nearCodes(api catalog.API, code string, n int) []catalog.Entry {
	if _, ok := catalog.Info(api); !ok {
		api = ""
	}
	var out []catalog.Entry
	type near struct {
		e              catalog.Entry
		prefix, suffix int
		dist           int
	}
	var cands []near
	lc := strings.ToLower(code)
	num, hasNum := trailingNumber(lc)
	for _, e := range catalog.All() {
		if api != "" && e.API != api {
			continue
		}
		ec := strings.ToLower(string(e.Code))
		p := 0
		for p < len(lc) && p < len(ec) && lc[p] == ec[p] {
			p++
		}
		if p == 0 {
			continue
		}
		sfx, d := 0, 0
		if en, ok := trailingNumber(ec); ok && hasNum {
			d = max(en-num, num-en) // numbers: the nearest, not the same last digits
		} else {
			for sfx < len(lc)-p && sfx < len(ec)-p && lc[len(lc)-1-sfx] == ec[len(ec)-1-sfx] {
				sfx++
			}
		}
		cands = append(cands, near{e, p, sfx, d})
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].prefix != cands[j].prefix {
			return cands[i].prefix > cands[j].prefix
		}
		if cands[i].suffix != cands[j].suffix {
			return cands[i].suffix > cands[j].suffix
		}
		return cands[i].dist < cands[j].dist
	})
	for _, c := range cands {
		if len(out) >= n {
			break
		}
		out = append(out, c.e)
	}
	return out
}

// trailingNumber is the number that ends s ("bse1005" → 1005), if any.
func trailingNumber(s string) (int, bool) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' && len(s)-i < 9 {
		i--
	}
	if i == len(s) {
		return 0, false
	}
	n := 0
	for _, c := range s[i:] {
		n = n*10 + int(c-'0')
	}
	return n, true
}

// unknownCode is what a page for a code that is not in the catalog shows:
// the code itself, a search for it, and the nearest codes.
func unknownCode(api catalog.API, code string) app.UI {
	what := " is not in the catalog."
	if info, ok := catalog.Info(api); ok {
		what = " is not a " + info.Name + " code in the catalog."
	}
	near := nearCodes(api, code, 5)
	return app.Div().ID("unknown-code").Class("unknown-code").Body(
		app.P().Body(app.Code().ID("unknown-code-name").Text(code), app.Text(what)),
		app.Ul().Body(
			app.Li().Body(app.A().ID("unknown-code-search").Href("/?q="+url.QueryEscape(code)).Text("Search the reference for “"+code+"”")),
			app.Li().Body(app.A().Href("/decode").Text("Paste the whole response into the decoder")),
		),
		app.If(len(near) > 0, func() app.UI {
			return app.Div().Body(
				app.P().Text("Codes near it:"),
				app.Ul().ID("near-codes").Class("candidates").Body(app.Range(near).Slice(func(i int) app.UI {
					e := near[i]
					return app.Li().Body(
						app.A().Href(route.Code(e)).Body(app.Code().Text(string(e.Code))),
						app.Text(" "), statusBadge(e.Status),
						app.Text(" "+apiName(e.API)+": "+e.Title),
					)
				})),
			)
		}),
	)
}
