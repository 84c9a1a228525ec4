package catalog_test

import (
	"fmt"

	"github.com/errscope/errscope/catalog"
)

func ExampleLookup() {
	e, ok := catalog.Lookup(catalog.BabySea, "bse1005")
	fmt.Println(ok, e.Code, e.Type, e.Status, e.Retryable, e.Category)
	// Output:
	// true BSE1005 rate_limit_exceeded 429 true rate_limit
}

func ExampleLookupCode() {
	// VALIDATION_ERROR exists in three catalogs (codes match in any case):
	// ambiguous until the API is known.
	for _, e := range catalog.LookupCode("VALIDATION_ERROR") {
		fmt.Println(e.API, e.Status)
	}
	// Output:
	// babou 400
	// aionvision 400
	// claro 400
}

func ExampleSearch() {
	// Joined words find the rate-limit codes of all four APIs first.
	for _, m := range catalog.Search("ratelimit", catalog.Filter{})[:5] {
		fmt.Println(m.Rank, m.Entry.API, m.Entry.Code)
	}
	// Output:
	// code-prefix babysea BSE1005
	// code-prefix babou RATE_LIMIT_EXCEEDED
	// code-prefix aionvision RATE_LIMIT_ERROR
	// code-prefix claro rate_limit_exceeded
	// code-prefix babysea BSE1006
}

func ExampleSearch_typo() {
	m := catalog.Search("insuficient credits", catalog.Filter{})[0]
	fmt.Println(m.Rank, m.Entry.Code, m.Entry.Title)
	// Highlight the matched words of the title.
	for _, s := range m.TitleSpans {
		fmt.Printf("[%s]", m.Entry.Title[s.Start:s.End])
	}
	fmt.Println()
	// Output:
	// fuzzy BSE1004 Insufficient credits
	// [Insufficient][credits]
}

func ExampleSearch_filter() {
	// Retryable 5xx errors of Claro, with an empty query: the filter alone.
	yes := true
	for _, m := range catalog.Search("", catalog.Filter{API: catalog.Claro, StatusClass: 5, Retryable: &yes}) {
		fmt.Println(m.Entry.Code, m.Entry.Status)
	}
	// Output:
	// internal_error 500
	// service_unavailable 503
}

func ExampleIndex_Search() {
	ix := catalog.NewIndex(catalog.All())
	for _, m := range ix.Search("1005", catalog.Filter{}) {
		// Mark the matched part of the code, as a UI would.
		code := string(m.Entry.Code)
		s := m.CodeSpans[0]
		fmt.Println(m.Rank, m.Field, code[:s.Start]+"<mark>"+code[s.Start:s.End]+"</mark>"+code[s.End:])
	}
	// Output:
	// code-prefix code BSE<mark>1005</mark>
}

func ExampleParseAPI() {
	api, err := catalog.ParseAPI("BabySea")
	fmt.Println(api, err)
	_, err = catalog.ParseAPI("stripe")
	fmt.Println(err)
	// Output:
	// babysea <nil>
	// unknown API "stripe" (valid: babysea, babou, aionvision, claro)
}

func ExampleExport() {
	e, _ := catalog.Lookup(catalog.Claro, "rate_limit_exceeded")
	x := catalog.Export([]catalog.Entry{e})[0]
	fmt.Println(x.API, x.Code, x.Status, x.Retryable, x.Sources)
	// Output:
	// claro rate_limit_exceeded 429 true [004_234e57185689c02b.txt]
}
