package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/retry"
)

// MaxJSON bounds a JSON scenario's size.
const MaxJSON = 1 << 20

// A response is one item of a JSON list of responses, the JSON spelling of
// a [retry.SimResponse]: delays in seconds, latency in milliseconds.
type response struct {
	Status     int      `json:"status,omitempty"`
	Network    bool     `json:"network,omitempty"`
	Timeout    bool     `json:"timeout,omitempty"`
	RetryAfter *float64 `json:"retry_after,omitempty"` // seconds
	Reset      *float64 `json:"reset,omitempty"`       // seconds after Date
	Retryable  *bool    `json:"retryable,omitempty"`
	Code       string   `json:"code,omitempty"`
	HTML       bool     `json:"html,omitempty"`
	LatencyMS  int64    `json:"latency_ms,omitempty"`
}

// parseResponses reads a spec list or a JSON list of response objects.
func parseResponses(api catalog.API, v string) ([]retry.SimResponse, error) {
	if !strings.HasPrefix(v, "[") {
		return retry.ParseSpec(api, v)
	}
	var in []response
	dec := json.NewDecoder(strings.NewReader(v))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("JSON list of responses: %v", err)
	}
	if len(in) == 0 {
		return nil, errors.New("the JSON list holds no responses")
	}
	if len(in) > retry.MaxSpecResponses {
		return nil, fmt.Errorf("%d responses, at most %d", len(in), retry.MaxSpecResponses)
	}
	// Each object becomes one spec item, so the JSON list obeys every rule
	// of retry.ParseSpec and nothing else.
	items := make([]string, len(in))
	for i, r := range in {
		item, err := r.item()
		if err != nil {
			return nil, fmt.Errorf("response %d: %v", i+1, err)
		}
		items[i] = item
	}
	rs, err := retry.ParseSpec(api, strings.Join(items, ","))
	var se *retry.SpecError
	if errors.As(err, &se) {
		return nil, fmt.Errorf("response %d: %v", se.Index, se.Err)
	}
	return rs, err
}

// item spells r in the spec syntax.
func (r response) item() (string, error) {
	var b strings.Builder
	switch {
	case r.Network && r.Timeout:
		return "", errors.New(`"network" and "timeout" are both set`)
	case r.Network:
		b.WriteString("net")
	case r.Timeout:
		b.WriteString("timeout")
	case r.Status == 0:
		return "", errors.New(`needs "status" (or "network": true for a transport failure, "timeout": true)`)
	default:
		b.WriteString(strconv.Itoa(r.Status))
	}
	secs := func(name string, v *float64) error {
		if v == nil {
			return nil
		}
		if !(*v >= 0 && *v <= retry.MaxSpecRetryAfter) {
			return fmt.Errorf("%s %v: want seconds from 0 to %d", name, *v, retry.MaxSpecRetryAfter)
		}
		b.WriteString(":" + strings.ReplaceAll(name, "_", "-") + "=" + strconv.FormatInt(int64(*v+0.999999), 10))
		return nil
	}
	if err := secs("retry_after", r.RetryAfter); err != nil {
		return "", err
	}
	if err := secs("reset", r.Reset); err != nil {
		return "", err
	}
	if r.Retryable != nil {
		b.WriteString(":retryable=" + strconv.FormatBool(*r.Retryable))
	}
	if r.Code != "" {
		b.WriteString(":code=" + r.Code)
	}
	if r.HTML {
		b.WriteString(":html")
	}
	if r.LatencyMS != 0 {
		if r.LatencyMS < 0 {
			return "", fmt.Errorf("latency_ms %d is negative", r.LatencyMS)
		}
		b.WriteString(":latency=" + (time.Duration(r.LatencyMS) * time.Millisecond).String())
	}
	return b.String(), nil
}

// Parse reads a JSON scenario: an object whose keys are the [Field] keys
// ("api", "responses", "max_retries", "clients" …), each value a string or
// a number as [Scenario.Set] reads it, "responses" also a list of
// response objects. A bare list of responses is read as a scenario of
// the default API with those responses. Unknown keys are errors.
func Parse(data []byte) (Scenario, error) {
	if len(data) > MaxJSON {
		return Scenario{}, fmt.Errorf("scenario: %d bytes, at most %d", len(data), MaxJSON)
	}
	data = bytes.TrimSpace(data)
	s := New(catalog.BabySea)
	if bytes.HasPrefix(data, []byte("[")) {
		return s, s.Set("responses", string(data))
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return Scenario{}, fmt.Errorf("scenario: %v", err)
	}
	// The API first: the others' defaults depend on it.
	if v, ok := raw["api"]; ok {
		if err := s.setJSON("api", v); err != nil {
			return Scenario{}, err
		}
	}
	for _, f := range Fields {
		v, ok := raw[f.Key()]
		delete(raw, f.Key())
		if !ok || f.Name == "api" {
			continue
		}
		if err := s.setJSON(f.Name, v); err != nil {
			return Scenario{}, err
		}
	}
	for k := range raw {
		return Scenario{}, fmt.Errorf("scenario: %w %q (valid: %s)", ErrUnknownField, k, keys())
	}
	return s, nil
}

func (s *Scenario) setJSON(name string, v json.RawMessage) error {
	v = bytes.TrimSpace(v)
	var text string
	switch {
	case bytes.Equal(v, []byte("null")):
	case bytes.HasPrefix(v, []byte(`"`)):
		if err := json.Unmarshal(v, &text); err != nil {
			return fmt.Errorf("scenario: %s: %v", name, err)
		}
	case bytes.HasPrefix(v, []byte("[")) && name == "responses":
		text = string(v)
	case len(v) > 0 && (v[0] == '-' || v[0] >= '0' && v[0] <= '9'):
		text = string(v)
	default:
		return fmt.Errorf("scenario: %s: want a string or a number, got %.40s", name, v)
	}
	return s.Set(name, text)
}

func keys() string {
	var k []string
	for _, f := range Fields {
		k = append(k, f.Key())
	}
	return strings.Join(k, ", ")
}

// MarshalJSON writes the scenario as [Parse] reads it: the API, the
// responses in spec syntax, and every field that is not its default.
func (s Scenario) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for _, f := range Fields {
		v := s.Get(f.Name)
		if f.Name == "responses" {
			v = s.Spec()
		}
		if v == "" {
			continue
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.Key())
		b.Write(k)
		b.WriteByte(':')
		if isNumber(f.Name) {
			b.WriteString(v)
		} else {
			q, _ := json.Marshal(v)
			b.Write(q)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// isNumber reports the fields written as JSON numbers.
func isNumber(name string) bool {
	switch name {
	case "seed", "max-retries", "budget", "clients", "herd-retries":
		return true
	}
	return false
}

// UnmarshalJSON reads the scenario with [Parse].
func (s *Scenario) UnmarshalJSON(data []byte) error {
	v, err := Parse(data)
	if err != nil {
		return err
	}
	*s = v
	return nil
}
