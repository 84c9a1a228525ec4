package main

import (
	"github.com/errscope/errscope/catalog"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// codeExtras are the parts of a code page that come from other packages:
// the example response, what the SDK does with it, and code samples.
type codeExtras struct{}

func newCodeExtras(e catalog.Entry) codeExtras { return codeExtras{} }

func (x codeExtras) render(e catalog.Entry, embed bool) app.UI { return nil }

func learnMore(e catalog.Entry) app.UI { return nil }
