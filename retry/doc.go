// Package retry decides whether and when to retry a failed API request, and
// simulates retry schedules and thundering herds for the playground.
//
// The package is pure: no I/O, no sleeping, no net/http, no clock (time is
// a parameter or virtual), and randomness is injected ([Policy.Rand]) or
// seeded ([Scenario.Seed], [HerdConfig.Seed]). It builds for js/wasm, so
// the SDK's client and the browser playground run the very same policy,
// and a seeded simulation gives the same schedule in both.
//
// # Policy
//
// A [Policy] holds the numbers (retries, backoff, jitter, caps); its zero
// value is valid and [ForAPI] returns an API's documented defaults from the
// catalog. [Policy.Decide] takes the attempt that just failed ([Call]) and
// what went wrong ([Failure]) and returns a [Decision]: retry or not, the
// delay, the [Rule] that decided and a reason for people. The order of the
// rules is documented on Decide.
//
// # Simulation
//
// [ParseSpec] reads a list of simulated responses ("429:retry-after=17,503,200");
// [Policy.Schedule] plays one request against them, building each response
// as the API would send it and decoding it with apierror.Parse, so the
// simulator exercises the real decoder. [Policy.Herd] plays thousands of
// clients against a server with an outage and limited capacity and reports
// the load over time, to compare jitter kinds and budgets.
//
// # Budget
//
// A [Budget] is a client-wide token bucket that bounds retry amplification:
// under a storm where everything fails, load stays near (1 + ratio) × the
// requests instead of (1 + MaxRetries) ×.
package retry
