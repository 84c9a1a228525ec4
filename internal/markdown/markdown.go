// Package markdown renders the docs' Markdown to HTML and highlights code
// with chroma, at build time only: it imports goldmark and chroma's lexers,
// which must never reach the wasm binary (they add megabytes). The docs
// generator and its staleness test are its only users.
//
// Output is class-based (no inline style attributes, so a strict
// Content-Security-Policy holds) and uses chroma's class names; [CSS]
// returns the matching style sheet. Raw HTML in Markdown is not rendered
// and dangerous link schemes are dropped (goldmark's safe defaults).
// The package is safe for concurrent use.
package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The chroma styles: LightStyle by default, DarkStyle under
// prefers-color-scheme: dark.
const (
	LightStyle = "github"
	DarkStyle  = "github-dark"
)

// DocsPath is the site path the guides are served under; a link to
// "retries.md" becomes DocsPath + "/retries".
const DocsPath = "/docs"

// formatOptions are shared by fenced code in Markdown and [Highlight], so
// both produce the same markup: <pre class="chroma"><code>, one
// <span class="line"> per line, classes instead of styles.
var formatOptions = []chromahtml.Option{chromahtml.WithClasses(true)}

var md = goldmark.New(
	goldmark.WithExtensions(
		// GitHub Flavored Markdown, with table alignment as align
		// attributes rather than style attributes (CSP).
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		extension.Strikethrough,
		extension.Linkify,
		extension.TaskList,
		highlighting.NewHighlighting(
			highlighting.WithStyle(LightStyle),
			highlighting.WithFormatOptions(formatOptions...),
		),
	),
	goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(docLinks{}, 100)),
	),
)

// Render converts one Markdown document to HTML wrapped in a single
// <div class="md"> root (go-app's app.Raw keeps only the first root
// element). title is the text of the document's first level-1 heading,
// which stays in the HTML; a document without one is an error.
//
// Relative links to sibling Markdown files become site links:
// "retries.md#budget" → "/docs/retries#budget", "index.md" → "/docs".
// Absolute paths (/errors/babysea/BSE1005) and URLs are kept.
func Render(src []byte) (html string, title string, err error) {
	doc := md.Parser().Parse(text.NewReader(src))
	title = firstTitle(doc, src)
	if title == "" {
		return "", "", errors.New("markdown: no level-1 heading (# Title)")
	}
	var b bytes.Buffer
	b.WriteString(`<div class="md">`)
	if err := md.Renderer().Render(&b, src, doc); err != nil {
		return "", "", fmt.Errorf("markdown: %w", err)
	}
	b.WriteString("</div>")
	return focusablePre(b.String()), title, nil
}

// focusablePre makes every code block reachable from the keyboard
// (tabindex="0"), so a block that scrolls sideways can be scrolled without a
// mouse (WCAG 2.1.1; axe's scrollable-region-focusable).
func focusablePre(html string) string {
	return strings.ReplaceAll(html, `<pre class="chroma">`, `<pre tabindex="0" class="chroma">`)
}

// firstTitle returns the plain text of the first level-1 heading.
func firstTitle(doc ast.Node, src []byte) string {
	var title string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level == 1 {
			title = strings.TrimSpace(plainText(h, src))
			if title != "" {
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return title
}

// Summary returns the first sentence of the document's first paragraph as
// plain text, with white space collapsed. A sentence ends at ". ", "? " or
// "! " before a capital letter, or at the paragraph's end. Longer than max
// bytes, it is cut at a word boundary and ends in "…". It is "" when there
// is no paragraph. Use it for page descriptions and lists of guides.
func Summary(src []byte, max int) string {
	doc := md.Parser().Parse(text.NewReader(src))
	var p string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if para, ok := n.(*ast.Paragraph); ok && entering {
			p = strings.Join(strings.Fields(plainText(para, src)), " ")
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	p = firstSentence(p)
	if len(p) <= max {
		return p
	}
	cut := strings.LastIndexByte(p[:max], ' ')
	if cut <= 0 {
		cut = max
		for cut > 0 && !utf8.RuneStart(p[cut]) {
			cut--
		}
	}
	return strings.TrimRight(p[:cut], " ,;:") + "…"
}

func firstSentence(p string) string {
	for i := 0; i+2 < len(p); i++ {
		if (p[i] == '.' || p[i] == '?' || p[i] == '!') && p[i+1] == ' ' && 'A' <= p[i+2] && p[i+2] <= 'Z' {
			return p[:i+1]
		}
	}
	return p
}

// plainText concatenates the text leaves under n.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// docLinks rewrites links to sibling Markdown files into site links.
type docLinks struct{}

// Transform implements parser.ASTTransformer.
func (docLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering {
			if dst, ok := DocLink(string(l.Destination)); ok {
				l.Destination = []byte(dst)
			}
		}
		return ast.WalkContinue, nil
	})
}

// DocLink maps a relative link to a sibling Markdown file ("retries.md",
// "./retries.md#budget") to its site path ("/docs/retries#budget") and
// reports whether dst was such a link.
func DocLink(dst string) (string, bool) {
	path, frag, hasFrag := strings.Cut(dst, "#")
	path = strings.TrimPrefix(path, "./")
	if !strings.HasSuffix(path, ".md") || strings.ContainsAny(path, "/:?\\") {
		return "", false
	}
	slug := strings.TrimSuffix(path, ".md")
	if slug == "" {
		return "", false
	}
	out := DocsPath + "/" + slug
	if slug == "index" {
		out = DocsPath
	}
	if hasFrag {
		out += "#" + frag
	}
	return out, true
}

// Highlight renders code in the named language (a chroma lexer name or
// alias: "go", "typescript", "python", "bash", "json", "http") as
// <pre class="chroma"><code>…</code></pre> with class attributes only.
// An unknown language is an error.
func Highlight(lang, code string) (string, error) {
	lexer := lexers.Get(lang)
	if lexer == nil {
		return "", fmt.Errorf("markdown: no lexer for %q", lang)
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return "", fmt.Errorf("markdown: highlight %s: %w", lang, err)
	}
	var b bytes.Buffer
	if err := chromahtml.New(formatOptions...).Format(&b, styles.Get(LightStyle), it); err != nil {
		return "", fmt.Errorf("markdown: highlight %s: %w", lang, err)
	}
	return focusablePre(b.String()), nil
}

// CSS returns the style sheet for the markup of [Render] and [Highlight]:
// the [LightStyle] rules scoped to .chroma, then the [DarkStyle] rules
// inside @media (prefers-color-scheme: dark). Properties the light style
// sets and the dark one does not are reset there (a light background on
// .err would otherwise leak into dark mode). The output is deterministic.
func CSS() string {
	light := styleRules(LightStyle)
	dark := styleRules(DarkStyle)
	var b strings.Builder
	fmt.Fprintf(&b, "/* chroma style %q */\n", LightStyle)
	for _, r := range light {
		fmt.Fprintf(&b, "%s { %s }\n", r.sel, strings.Join(r.decls, "; "))
	}
	fmt.Fprintf(&b, "@media (prefers-color-scheme: dark) {\n  /* chroma style %q */\n", DarkStyle)
	lightBySel := map[string]rule{}
	for _, r := range light {
		lightBySel[r.sel] = r
	}
	seen := map[string]bool{}
	for _, r := range dark {
		seen[r.sel] = true
		decls := append(resets(lightBySel[r.sel], r), r.decls...)
		fmt.Fprintf(&b, "  %s { %s }\n", r.sel, strings.Join(decls, "; "))
	}
	for _, r := range light {
		if !seen[r.sel] {
			fmt.Fprintf(&b, "  %s { %s }\n", r.sel, strings.Join(resets(r, rule{}), "; "))
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// resetValues are what a property the dark style leaves unset goes back to.
var resetValues = map[string]string{
	"color":            "inherit",
	"background-color": "transparent",
	"font-weight":      "inherit",
	"font-style":       "inherit",
	"text-decoration":  "none",
}

// resets returns declarations undoing the properties light sets and dark
// does not.
func resets(light, dark rule) []string {
	has := map[string]bool{}
	for _, d := range dark.decls {
		has[property(d)] = true
	}
	var out []string
	for _, d := range light.decls {
		p := property(d)
		if v, ok := resetValues[p]; ok && !has[p] {
			out = append(out, p+": "+v)
			has[p] = true
		}
	}
	return out
}

func property(decl string) string {
	p, _, _ := strings.Cut(decl, ":")
	return strings.TrimSpace(p)
}

type rule struct {
	sel   string
	decls []string // "color: #fff", in chroma's order
}

// styleRules returns the CSS rules chroma writes for a style, in chroma's
// order, without comments.
func styleRules(name string) []rule {
	var b bytes.Buffer
	f := chromahtml.New(append(formatOptions, chromahtml.WithCSSComments(false))...)
	if err := f.WriteCSS(&b, styles.Get(name)); err != nil {
		panic("markdown: chroma WriteCSS: " + err.Error()) // writes to a bytes.Buffer cannot fail
	}
	var rules []rule
	for _, l := range strings.Split(b.String(), "\n") {
		sel, body, ok := strings.Cut(l, "{")
		if !ok {
			continue
		}
		r := rule{sel: strings.TrimSpace(sel)}
		for _, d := range strings.Split(strings.TrimSuffix(strings.TrimSpace(body), "}"), ";") {
			if d = strings.TrimSpace(d); d != "" {
				r.decls = append(r.decls, d)
			}
		}
		if len(r.decls) > 0 {
			rules = append(rules, r)
		}
	}
	return rules
}
