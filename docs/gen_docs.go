//go:build ignore

// gen_docs writes the generated files of package docs: html/<slug>.html,
// pages_gen.go, samples_gen.go and ../web/chroma.css. Run it with
// go generate ./docs (from the repository root).
package main

import (
	"log"

	"github.com/errscope/errscope/docs/internal/docgen"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen_docs: ")
	files, err := docgen.Generate(".")
	if err != nil {
		log.Fatal(err)
	}
	if err := docgen.Write(".", files); err != nil {
		log.Fatal(err)
	}
}
