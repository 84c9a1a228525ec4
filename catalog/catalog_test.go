package catalog

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "update golden files")

// seedDir is where the seed pages named in Sources live, relative to the
// package directory.
const seedDir = "../../shared/seeds"

const (
	seed001 = "001_50a273c3e49d9351.txt" // BabySea API error reference (newer)
	seed003 = "003_17f7835f2117b2a7.txt" // BabySea SDK error page (older)
)

// readSeed returns a seed page. Outside CI a checkout without the seeds
// beside it skips the provenance tests; in CI (CI set, as .ci/run has it)
// the seeds must be there, so a missing fixture fails instead of hiding.
func readSeed(t *testing.T, name string) string {
	t.Helper()
	if _, err := os.Stat(seedDir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("seed directory %s absent in CI: %v", seedDir, err)
		}
		t.Skipf("seed directory %s absent: %v", seedDir, err)
	}
	b, err := os.ReadFile(filepath.Join(seedDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFileFormat keeps catalog.json in one canonical, stable layout (the
// layout encoding/json writes with a two-space indent) and in catalog
// order, so diffs of the data stay small. Run with -update to rewrite it.
func TestFileFormat(t *testing.T) {
	f, raw := readFile(t)
	if !slices.IsSortedFunc(f.Entries, compareEntries) {
		if !*update {
			t.Errorf("catalog.json entries are not in catalog order (API, then code); run go test -run TestFileFormat -update")
		}
		f.Entries = entryData
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("catalog.json", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(buf.Bytes(), raw) {
		t.Errorf("catalog.json is not in canonical form; run go test -run TestFileFormat -update")
	}
}

func TestEntries(t *testing.T) {
	known := map[Category]bool{}
	for _, c := range Categories {
		known[c] = true
	}
	seen := map[string]bool{}
	for _, e := range All() {
		t.Run(e.Key(), func(t *testing.T) {
			if seen[e.Key()] {
				t.Errorf("duplicate (api, code) %s", e.Key())
			}
			seen[e.Key()] = true
			if e.Status < 400 || e.Status > 599 {
				t.Errorf("status %d is not 4xx/5xx", e.Status)
			}
			if !known[e.Category] {
				t.Errorf("unknown category %q", e.Category)
			}
			for name, v := range map[string]string{"api": string(e.API), "code": string(e.Code), "type": string(e.Type), "title": e.Title, "meaning": e.Meaning} {
				if strings.TrimSpace(v) == "" {
					t.Errorf("empty %s", name)
				}
			}
			for name, list := range map[string][]string{"causes": e.Causes, "solutions": e.Solutions, "sources": e.Sources} {
				if len(list) == 0 {
					t.Errorf("no %s", name)
				}
				for i, s := range list {
					if strings.TrimSpace(s) == "" {
						t.Errorf("%s[%d] is empty", name, i)
					}
				}
			}
			if strings.Contains(e.Title, ".") || len(e.Title) > 48 {
				t.Errorf("title %q is not a short heading", e.Title)
			}
			if e.Type != Type(strings.ToLower(string(e.Type))) {
				t.Errorf("type %q is not lower case", e.Type)
			}
			if e.API != BabySea && e.Type != Type(strings.ToLower(string(e.Code))) {
				t.Errorf("type %q: APIs without a separate type use the lower-case code", e.Type)
			}
		})
	}
}

func TestSourcesExist(t *testing.T) {
	if _, err := os.Stat(seedDir); err != nil {
		t.Skipf("seed directory %s absent: %v", seedDir, err)
	}
	check := func(owner string, sources []string) {
		for _, s := range sources {
			if filepath.Base(s) != s {
				t.Errorf("%s: source %q is not a bare file name", owner, s)
			}
			if _, err := os.Stat(filepath.Join(seedDir, s)); err != nil {
				t.Errorf("%s: source %q: %v", owner, s, err)
			}
		}
	}
	for _, e := range All() {
		check(e.Key(), e.Sources)
	}
	for _, a := range APIs() {
		check(string(a.ID), a.Sources)
	}
}

func TestAPIs(t *testing.T) {
	infos := APIs()
	if len(infos) == 0 || infos[0].ID != BabySea {
		t.Fatalf("APIs() must list BabySea first, got %v", APINames())
	}
	used := map[API]int{}
	for _, e := range All() {
		used[e.API]++
	}
	for api := range used {
		if _, ok := Info(api); !ok {
			t.Errorf("entries use API %q, which has no APIInfo", api)
		}
	}
	jitters := map[string]bool{"none": true, "full": true, "equal": true, "decorrelated": true, "additive": true}
	for i, a := range infos {
		t.Run(string(a.ID), func(t *testing.T) {
			if used[a.ID] == 0 {
				t.Errorf("API has no entries")
			}
			if i > 0 && apiOrder(infos[i-1].ID) >= apiOrder(a.ID) {
				t.Errorf("APIs out of order at %d", i)
			}
			for name, v := range map[string]string{"name": a.Name, "envelope": a.Envelope, "auth_header": a.AuthHeader, "rate_limits": a.RateLimits, "retry_guidance": a.RetryGuidance} {
				if strings.TrimSpace(v) == "" {
					t.Errorf("empty %s", name)
				}
			}
			if len(a.Sources) == 0 {
				t.Errorf("no sources")
			}
			var env map[string]any
			if err := json.Unmarshal([]byte(a.Envelope), &env); err != nil {
				t.Errorf("envelope is not JSON: %v", err)
			} else if _, ok := env["error"]; !ok {
				t.Errorf("envelope has no error member")
			}
			if !strings.Contains(a.AuthHeader, "<key>") {
				t.Errorf("auth header %q does not show where the key goes", a.AuthHeader)
			}
			r := a.Retry
			if r.MaxRetries < 1 || r.BaseDelayMS <= 0 || r.MaxDelayMS < r.BaseDelayMS {
				t.Errorf("implausible retry defaults %+v", r)
			}
			if !jitters[r.Jitter] {
				t.Errorf("unknown jitter %q", r.Jitter)
			}
			if (r.Jitter == "additive") != (r.JitterMaxMS > 0) {
				t.Errorf("jitter_max_ms %d goes with additive jitter only (jitter %q)", r.JitterMaxMS, r.Jitter)
			}
			if r.RetryBodyFlag != (a.ID == BabySea) {
				t.Errorf("retry_body_flag = %v: only BabySea decides on the body's retryable flag", r.RetryBodyFlag)
			}
		})
	}
}

// babySeaRow matches a row of seed 001's code tables, whose cells the
// scrape ran together: code, type, HTTP status, retryable, meaning.
var babySeaRow = regexp.MustCompile(`^(BSE\d{4})([a-z_]+)(\d{3})(Yes|No)(.*)$`)

// seed003Row matches a row of seed 003's Markdown code tables.
var seed003Row = regexp.MustCompile(`^\| (BSE\d{4}) \| ([a-z_]+) \| (\d{3}) \| (Yes|No) \|`)

type seedRow struct {
	code      Code
	typ       Type
	status    int
	retryable bool
	meaning   string
}

func parseRows(text string, re *regexp.Regexp) []seedRow {
	var rows []seedRow
	for _, line := range strings.Split(text, "\n") {
		m := re.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		status, _ := strconv.Atoi(m[3])
		r := seedRow{code: Code(m[1]), typ: Type(m[2]), status: status, retryable: m[4] == "Yes"}
		if len(m) > 5 {
			r.meaning = strings.TrimSpace(m[5])
		}
		rows = append(rows, r)
	}
	return rows
}

// TestBabySeaAgreesWithSeeds ties the BabySea entries to the tables of the
// seed pages they cite, without copying the tables into the test.
func TestBabySeaAgreesWithSeeds(t *testing.T) {
	rows001 := parseRows(readSeed(t, seed001), babySeaRow)
	rows003 := parseRows(readSeed(t, seed003), seed003Row)
	if len(rows001) == 0 || len(rows003) == 0 {
		t.Fatalf("parsed %d rows from %s and %d from %s", len(rows001), seed001, len(rows003), seed003)
	}
	in003 := map[Code]seedRow{}
	for _, r := range rows003 {
		in003[r.code] = r
	}
	inCatalog := map[Code]bool{}
	for _, e := range All() {
		if e.API == BabySea {
			inCatalog[e.Code] = true
		}
	}
	for _, r := range rows001 {
		t.Run(string(r.code), func(t *testing.T) {
			delete(inCatalog, r.code)
			e, ok := Lookup(BabySea, r.code)
			if !ok {
				t.Fatalf("seed 001 lists %s, the catalog does not", r.code)
			}
			if e.Type != r.typ || e.Status != r.status || e.Retryable != r.retryable {
				t.Errorf("catalog says %s %d retryable=%v, seed 001 says %s %d retryable=%v",
					e.Type, e.Status, e.Retryable, r.typ, r.status, r.retryable)
			}
			if strings.EqualFold(strings.TrimSuffix(e.Meaning, "."), strings.TrimSuffix(r.meaning, ".")) {
				t.Errorf("meaning copies seed 001 verbatim; write it fresh")
			}
			old, both := in003[r.code]
			want := []string{seed001}
			if both {
				want = append(want, seed003)
				if old.typ != r.typ || old.status != r.status || old.retryable != r.retryable {
					t.Errorf("seeds disagree on %s: 003 has %s %d %v", r.code, old.typ, old.status, old.retryable)
				}
			} else if e.OlderWording != "" {
				t.Errorf("older_wording set, but seed 003 does not have %s", r.code)
			}
			if !slices.Equal(e.Sources, want) {
				t.Errorf("sources = %v, want %v", e.Sources, want)
			}
		})
	}
	for code := range inCatalog {
		t.Errorf("catalog has %s, which seed 001 does not list", code)
	}
}

// TestBabySeaCodes checks the BSE numbering scheme: 43 codes, and the
// thousands digit decides the category.
func TestBabySeaCodes(t *testing.T) {
	byPrefix := map[byte]Category{'2': CategoryInput, '3': CategoryModel, '4': CategoryProvider, '5': CategoryInternal}
	bse := regexp.MustCompile(`^BSE[1-5]\d{3}$`)
	n := 0
	for _, e := range All() {
		if e.API != BabySea {
			continue
		}
		n++
		if !bse.MatchString(string(e.Code)) {
			t.Errorf("%s: not a BSE1xxx–BSE5xxx code", e.Code)
			continue
		}
		want, ok := byPrefix[e.Code[3]]
		if !ok { // BSE1xxx: authentication, except the rate limits
			want = CategoryAuth
			if e.Status == 429 {
				want = CategoryRateLimit
			}
		}
		if e.Category != want {
			t.Errorf("%s (%s, %d): category %s, want %s", e.Code, e.Type, e.Status, e.Category, want)
		}
	}
	if n != 43 {
		t.Errorf("%d BabySea codes, want 43 (BSE1001–1009, BSE2001–2017, BSE3001–3004, BSE4001–4010, BSE5001–5003)", n)
	}
}

// TestRetryableFollowsStatus: the other APIs document retries by status
// (429 and 5xx), so the flag must agree with it.
func TestRetryableFollowsStatus(t *testing.T) {
	for _, e := range All() {
		if e.API == BabySea {
			continue
		}
		want := e.Status == 429 || e.Status >= 500
		if e.Retryable != want {
			t.Errorf("%s: status %d but retryable=%v", e.Key(), e.Status, e.Retryable)
		}
	}
}

// TestSolutionsMentionMechanics: where an entry is retryable on a 429 or
// concerns idempotency, its advice must name the header that drives it.
func TestSolutionsMentionMechanics(t *testing.T) {
	for _, e := range All() {
		advice := strings.Join(e.Solutions, " ")
		if e.Status == 429 && !strings.Contains(advice, "Retry-After") {
			t.Errorf("%s: 429 advice does not mention Retry-After", e.Key())
		}
		if strings.Contains(string(e.Type), "idempotency") && !strings.Contains(advice, "Idempotency-Key") {
			t.Errorf("%s: advice does not mention Idempotency-Key", e.Key())
		}
	}
}

// TestWordingIsFresh: no catalog sentence is a line lifted from a seed.
func TestWordingIsFresh(t *testing.T) {
	lines := map[string]bool{}
	if _, err := os.Stat(seedDir); err != nil {
		t.Skipf("seed directory %s absent: %v", seedDir, err)
	}
	names, _ := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	for _, n := range names {
		b, _ := os.ReadFile(n)
		for _, l := range strings.Split(string(b), "\n") {
			if l = strings.ToLower(strings.Trim(l, " .-|")); len(l) >= 24 {
				lines[l] = true
			}
		}
	}
	for _, e := range All() {
		for _, s := range append(append([]string{e.Meaning}, e.Causes...), e.Solutions...) {
			if lines[strings.ToLower(strings.Trim(s, " .-|"))] {
				t.Errorf("%s: %q is copied from a seed", e.Key(), s)
			}
		}
	}
}

func TestParseAPI(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want API
	}{
		{"babysea", BabySea}, {"BabySea", BabySea}, {" BABYSEA ", BabySea},
		{"Babou", Babou}, {"aionvision", Aionvision}, {"Claro", Claro},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseAPI(tc.in)
			if err != nil || got != tc.want {
				t.Errorf("ParseAPI(%q) = %q, %v, want %q", tc.in, got, err, tc.want)
			}
		})
	}
	for _, in := range []string{"", "stripe", "baby sea"} {
		t.Run("bad/"+in, func(t *testing.T) {
			_, err := ParseAPI(in)
			if err == nil {
				t.Fatalf("ParseAPI(%q) succeeded", in)
			}
			for _, name := range APINames() {
				if !strings.Contains(err.Error(), name) {
					t.Errorf("error %q does not list %q", err, name)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is not one line", err)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	for _, e := range All() {
		for _, code := range []Code{e.Code, Code(strings.ToLower(string(e.Code))), Code(strings.ToUpper(string(e.Code)))} {
			got, ok := Lookup(e.API, code)
			if !ok || got.Key() != e.Key() {
				t.Errorf("Lookup(%s, %s) = %s, %v, want %s", e.API, code, got.Key(), ok, e.Key())
			}
		}
		var apis []API
		for _, c := range LookupCode(Code(strings.ToLower(string(e.Code)))) {
			apis = append(apis, c.API)
		}
		if !slices.Contains(apis, e.API) {
			t.Errorf("LookupCode(%s) = %v, misses %s", e.Code, apis, e.API)
		}
	}
	if _, ok := Lookup(BabySea, "BSE9999"); ok {
		t.Errorf("Lookup(BSE9999) found an entry")
	}
	if _, ok := Lookup(Claro, "BSE1005"); ok {
		t.Errorf("Lookup(claro, BSE1005) found an entry of another API")
	}
}

func TestExport(t *testing.T) {
	want := []string{"api", "code", "type", "status", "retryable", "title", "meaning", "causes", "solutions", "sources"}
	slices.Sort(want)
	all := All()
	out := Export(all)
	if len(out) != len(all) {
		t.Fatalf("Export returned %d entries for %d", len(out), len(all))
	}
	for i, x := range out {
		b, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			t.Errorf("export of %s has keys %v, want %v", all[i].Key(), keys, want)
		}
		if x.Code != all[i].Code || x.API != all[i].API {
			t.Errorf("Export reordered entries at %d", i)
		}
	}
}

// TestTypeScriptAdviceLabelled: advice written for the TypeScript SDK
// (`await client.billing()`, maxRetries, rateLimit.retryAfter, apiKey)
// says so, so that the Go SDK's Entry.Solutions and the CLI never tell a
// Go user to call a TypeScript method.
func TestTypeScriptAdviceLabelled(t *testing.T) {
	ts := regexp.MustCompile("`?await |\\bclient\\.[a-z.]+\\(|\\bmaxRetries\\b|\\brateLimit\\.retryAfter\\b|\\bapiKey\\b")
	for _, e := range All() {
		for _, s := range append(append([]string{e.Meaning}, e.Causes...), e.Solutions...) {
			if ts.MatchString(s) && !strings.Contains(s, "TypeScript") {
				t.Errorf("%s: %q gives TypeScript SDK advice without saying so", e.Key(), s)
			}
		}
	}
}
