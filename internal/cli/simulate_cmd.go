package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/retry"
	"github.com/errscope/errscope/scenario"
)

// A scenarioFlag is one [scenario.Field] as a flag: its value is kept as
// typed and applied by [scenario.Scenario.Set] after parsing, so that a
// --scenario file is read first and flags change it in the order given.
type scenarioFlag struct {
	field scenario.Field
	set   *[]setting
	value string
}

type setting struct{ name, value string }

func (f *scenarioFlag) String() string { return f.value }

// Set records the value; [scenario.Scenario.Set] validates it.
func (f *scenarioFlag) Set(v string) error {
	f.value = v
	*f.set = append(*f.set, setting{f.field.Name, v})
	return nil
}

// Placeholder is the value's name in --help.
func (f *scenarioFlag) Placeholder() string { return f.field.Value }

func runSimulate(e env, args []string) int {
	fs := e.flags()
	var settings []setting
	for _, f := range scenario.Fields {
		usage := f.Usage
		if f.Name == "api" {
			usage += " (required)"
		}
		if f.Name == "responses" {
			usage = strings.Replace(usage, "or a JSON list", "a JSON file, or a JSON list", 1)
		}
		fs.Var(&scenarioFlag{field: f, set: &settings}, f.Name, usage)
	}
	file := fs.String("scenario", "", "a JSON scenario `file`, as the simulator page saves it; flags change it (default none)")
	asJSON := fs.Bool("json", false, "print JSON")
	err := func() error {
		pos, err := parse(fs, args)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("simulate: unexpected argument %q", pos[0])
		}
		sc, herd, err := loadScenario(*file, settings)
		if err != nil {
			return err
		}
		if herd {
			rep := compareHerds(sc.HerdPolicy(), retry.ForAPI(sc.API).Jitter, sc.HerdConfig())
			if *asJSON {
				return writeJSON(e.stdout, rep)
			}
			return rep.writeText(e.stdout)
		}
		res := sc.Run()
		if *asJSON {
			return writeJSON(e.stdout, res)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ATTEMPT\tAT\tSTATUS\tDECISION\tWAIT\tREASON")
		for _, r := range res.Attempts {
			st := fmt.Sprint(r.Status)
			if r.Status == 0 {
				st = "—"
			}
			wait := ""
			if r.Decision == "retry" {
				wait = durtext.Format(time.Duration(r.DelayMS) * time.Millisecond)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.Attempt, durtext.Format(time.Duration(r.AtMS)*time.Millisecond), st, r.Decision, wait, r.Reason)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err = fmt.Fprintln(e.stdout, res.Summary())
		if hint := res.PlayAll(len(sc.Responses), "--max-retries"); err == nil && hint != "" {
			_, err = fmt.Fprintln(e.stdout, hint)
		}
		return err
	}()
	return finish(e, err)
}

// loadScenario builds the scenario: the --scenario file if any (else the
// defaults of --api's API), then every flag in the order given. herd
// reports whether a herd flag was set: simulate then runs the herd.
func loadScenario(file string, settings []setting) (sc scenario.Scenario, herd bool, err error) {
	hasAPI := false
	for _, st := range settings {
		hasAPI = hasAPI || st.name == "api"
	}
	switch {
	case file != "":
		data, err := readLimited(file, scenario.MaxJSON)
		if err != nil {
			return sc, false, usagef("simulate: --scenario: %v", err)
		}
		if sc, err = scenario.Parse(data); err != nil {
			return sc, false, usagef("simulate: %s: %v", file, err)
		}
	case !hasAPI:
		return sc, false, usagef("simulate: --api is required (valid: %s)", strings.Join(catalog.APINames(), ", "))
	default:
		sc = scenario.New(catalog.BabySea) // --api is applied below
	}
	for _, st := range settings {
		v := st.value
		if st.name == "responses" {
			if v, err = responsesArg("simulate", v); err != nil {
				return sc, false, err
			}
		}
		if err := sc.Set(st.name, v); err != nil {
			return sc, false, usagef("simulate: --%s: %v", st.name, errors.Unwrap(err))
		}
		for _, f := range scenario.Fields {
			herd = herd || f.Herd && f.Name == st.name
		}
	}
	return sc, herd, nil
}

// responsesArg returns a --responses value, or the contents of the file
// it names.
func responsesArg(cmd, v string) (string, error) {
	t := strings.TrimSpace(v)
	if strings.HasPrefix(t, "[") {
		return t, nil
	}
	if st, err := os.Stat(t); err == nil && !st.IsDir() {
		data, err := readLimited(t, scenario.MaxJSON)
		if err != nil {
			return "", usagef("%s: --responses: %v", cmd, err)
		}
		return string(data), nil
	}
	return v, nil
}

// loadResponses reads a --responses value of mock or check the way
// simulate reads its own: a spec, a JSON list, or a file holding either,
// parsed by the scenario's one parser.
func loadResponses(cmd string, api catalog.API, v string) ([]retry.SimResponse, error) {
	v, err := responsesArg(cmd, v)
	if err != nil {
		return nil, err
	}
	sc := scenario.New(api)
	if err := sc.Set("responses", v); err != nil {
		return nil, usagef("%s: --responses: %v", cmd, errors.Unwrap(err))
	}
	return sc.Responses, nil
}

// readLimited reads at most limit bytes of a file.
func readLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(data)) > limit {
		err = fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	return data, err
}

// A herdReport is what simulate --clients prints: the herd under the
// chosen jitter beside the same herd under the API's default jitter, the
// policy otherwise the same, as the simulator page compares kinds.
type herdReport struct {
	API      catalog.API `json:"api"`
	Clients  int         `json:"clients"`
	OutageMS int64       `json:"outage_ms"`
	Capacity int         `json:"capacity"` // requests per second after the outage
	Seed     uint64      `json:"seed"`
	// Runs holds the chosen jitter first, then the API's default; one run
	// when they are the same kind.
	Runs []herdRun `json:"runs"`
}

// A herdRun is one herd simulation under one jitter kind.
type herdRun struct {
	Jitter     retry.Jitter `json:"jitter"`
	APIDefault bool         `json:"api_default"`
	retry.HerdResult
}

// compareHerds runs cfg under p and, when p's jitter is not the API's
// default def, under p with def.
func compareHerds(p retry.Policy, def retry.Jitter, cfg retry.HerdConfig) herdReport {
	def = normJitter(def)
	rep := herdReport{API: cfg.API, Clients: min(cfg.Clients, retry.MaxHerdClients), OutageMS: cfg.Outage.Milliseconds(), Capacity: cfg.Capacity, Seed: cfg.Seed}
	chosen := normJitter(p.Jitter)
	rep.Runs = append(rep.Runs, herdRun{chosen, chosen == def, p.Herd(cfg)})
	if chosen != def {
		q := p
		q.Jitter = def
		rep.Runs = append(rep.Runs, herdRun{def, true, q.Herd(cfg)})
	}
	return rep
}

// normJitter resolves "" and unknown kinds to the kind a Policy uses.
func normJitter(j retry.Jitter) retry.Jitter { return retry.Policy{Jitter: j}.Effective().Jitter }

// writeText prints the runs side by side, one column per jitter kind.
func (r herdReport) writeText(w io.Writer) error {
	fmt.Fprintf(w, "%d clients, %s outage, then %d req/s capacity (%s, seed %d)\n", r.Clients,
		durtext.Format(time.Duration(r.OutageMS)*time.Millisecond), r.Capacity, r.API, r.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(label string, cell func(herdRun) string) {
		fmt.Fprint(tw, "  "+label)
		for _, run := range r.Runs {
			fmt.Fprint(tw, "\t"+cell(run))
		}
		fmt.Fprintln(tw)
	}
	row("", func(h herdRun) string {
		if h.APIDefault {
			return h.Jitter.Label() + " (the API's default)"
		}
		return h.Jitter.Label()
	})
	row("total calls", func(h herdRun) string { return fmt.Sprintf("%d (%.2f× the clients)", h.TotalCalls, h.Amplification) })
	row("peak load", func(h herdRun) string { return fmt.Sprintf("%.0f req/s", h.PeakRPS) })
	row("time to recover", func(h herdRun) string {
		return durtext.Format(time.Duration(h.TimeToRecoverMS)*time.Millisecond) + " after the outage"
	})
	row("succeeded", func(h herdRun) string { return fmt.Sprint(h.Succeeded) })
	row("gave up", func(h herdRun) string { return fmt.Sprint(h.GaveUp) })
	return tw.Flush()
}
