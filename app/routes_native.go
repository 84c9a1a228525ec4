//go:build !wasm

package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// referencePage returns the component of a reference route, for the
// pre-rendering.
func referencePage(pattern string) func() app.Composer {
	switch pattern {
	case `^/$`:
		return func() app.Composer { return &homePage{} }
	case `^/docs$`:
		return func() app.Composer { return &docsIndexPage{} }
	case docRoute:
		return func() app.Composer { return &docPage{} }
	case codeRoute:
		return func() app.Composer { return &codePage{} }
	case codeAnyRoute:
		return func() app.Composer { return &codeLookupPage{} }
	case embedCodeRoute:
		return func() app.Composer { return &embedCard{} } // compact card (embed_page.go)
	}
	panic("app: no component for reference route " + pattern)
}
