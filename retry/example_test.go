package retry_test

import (
	"fmt"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/retry"
)

func ExampleForAPI() {
	p := retry.ForAPI(catalog.BabySea)
	fmt.Println("attempts:", p.Attempts())
	fmt.Println("backoff:", p.BaseDelay, "doubling up to", p.MaxDelay, "with", p.Jitter, "jitter")
	fmt.Println("body flag decides:", p.BodyFlagDecides)
	// Output:
	// attempts: 3
	// backoff: 1s doubling up to 30s with full jitter
	// body flag decides: true
}

func ExamplePolicy_Decide() {
	p := retry.ForAPI(catalog.BabySea)

	// A 429 whose Retry-After names the wait: obeyed exactly.
	e := apierror.Parse(429, apierror.Header{"Retry-After": {"17"}},
		[]byte(`{"status":"error","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded","retryable":true}}`),
		apierror.Options{API: catalog.BabySea})
	d := p.Decide(retry.Call{Attempt: 1}, retry.Failure{Err: e})
	fmt.Println(d.Retry, d.Delay, d.Rule, "—", d.Reason)

	// The same response with only 5 s left before the caller's deadline:
	// fail fast with the typed error instead of sleeping into the deadline.
	d = p.Decide(retry.Call{Attempt: 1, Remaining: 5 * time.Second}, retry.Failure{Err: e})
	fmt.Println(d.Retry, d.Delay, d.Rule, "—", d.Reason)

	// A 503 whose body says retryable:false: the flag, not the status, decides.
	e = apierror.Parse(503, nil,
		[]byte(`{"status":"error","error":{"code":"BSE4005","type":"provider_unavailable","message":"down","retryable":false}}`),
		apierror.Options{API: catalog.BabySea})
	d = p.Decide(retry.Call{Attempt: 1}, retry.Failure{Err: e})
	fmt.Println(d.Retry, d.Rule, "—", d.Reason)

	// A dropped connection on a POST without an Idempotency-Key.
	d = p.Decide(retry.Call{Attempt: 1, Method: "POST"}, retry.Failure{Network: fmt.Errorf("connection reset")})
	fmt.Println(d.Retry, d.Rule, "—", d.Reason)
	// Output:
	// true 17s server_delay — Retry-After 17 s
	// false 17s deadline — delay 17 s past the deadline (5 s left)
	// false body_flag — retryable:false in body
	// false not_idempotent — network error on POST without Idempotency-Key
}

func ExamplePolicy_Schedule() {
	responses, err := retry.ParseSpec(catalog.BabySea, "429:retry-after=17,503,200")
	if err != nil {
		fmt.Println(err)
		return
	}
	res := retry.ForAPI(catalog.BabySea).Schedule(retry.Scenario{API: catalog.BabySea, Responses: responses, Seed: 1})
	for _, a := range res.Attempts {
		fmt.Printf("attempt %d at %5d ms: %d %-7s %s\n", a.Attempt, a.AtMS, a.Status, a.Decision, a.Reason)
	}
	fmt.Println(res.Outcome, res.TotalMS, "ms")
	// Output:
	// attempt 1 at     0 ms: 429 retry   Retry-After 17 s
	// attempt 2 at 17000 ms: 503 retry   backoff 476 ms (attempt 2, full jitter)
	// attempt 3 at 17476 ms: 200 success success
	// success 17476 ms
}

func ExampleParseSpec() {
	_, err := retry.ParseSpec(catalog.BabySea, "429:retry-after=17,503:retryable=maybe")
	fmt.Println(err)
	// Output:
	// item 2 "503:retryable=maybe": retryable: want true or false, got "maybe"
}

func ExamplePolicy_Herd() {
	cfg := retry.HerdConfig{API: catalog.BabySea, Clients: 1000, Outage: 2 * time.Second, Spread: time.Second, Seed: 1}
	for _, j := range []retry.Jitter{retry.JitterNone, retry.JitterFull} {
		r := retry.Policy{Jitter: j, MaxRetries: 4}.Herd(cfg)
		fmt.Printf("%-4s jitter: %d calls, %d succeeded, peak after the outage %.0f rps\n", j, r.TotalCalls, r.Succeeded, r.PeakRPS)
	}
	// Output:
	// none jitter: 3000 calls, 1000 succeeded, peak after the outage 1000 rps
	// full jitter: 3573 calls, 995 succeeded, peak after the outage 554 rps
}

func ExampleNewBudget() {
	// A 10% budget with a burst of 10: during an outage where every
	// attempt fails, 1000 requests make about 1100 attempts, not 3000.
	b := retry.NewBudget(0.1, 10)
	p := retry.Policy{Budget: b}
	down := &apierror.Error{Status: 503}
	attempts := 0
	for range 1000 {
		b.Request()
		for a := 1; ; a++ {
			attempts++
			if !p.Decide(retry.Call{Attempt: a}, retry.Failure{Err: down}).Retry {
				break
			}
		}
	}
	fmt.Println(attempts, "attempts")
	// Output:
	// 1109 attempts
}

// ExamplePolicy_With changes one number of an API's policy and keeps the
// rest of its documented rules.
func ExamplePolicy_With() {
	p := retry.ForAPI(catalog.BabySea).With(retry.Policy{MaxRetries: 4})
	fmt.Println(p.Attempts(), p.BodyFlagDecides)
	// Output: 5 true
}

// ExampleResult_PlayAll: a policy that gives up before the scenario's
// last responses says which number of retries plays them, naming the
// setting as the reader knows it.
func ExampleResult_PlayAll() {
	responses, _ := retry.ParseSpec(catalog.BabySea, "503*4,200")
	res := retry.ForAPI(catalog.BabySea).Schedule(retry.Scenario{API: catalog.BabySea, Responses: responses, Seed: 1})
	fmt.Println(res.Summary())
	fmt.Println(res.PlayAll(len(responses), "--max-retries"))
	fmt.Println(res.PlayAll(len(responses), "Max retries"))
	// Output:
	// Gave up after 3 attempts, the most the policy allows; 2.182 s in total.
	// The scenario's last 2 of 5 responses were not played: raise --max-retries to 4 to play them all.
	// The scenario's last 2 of 5 responses were not played: raise Max retries to 4 to play them all.
}
