package catalog

// CheckAgainstReference is checkAgainstReference for the external tests,
// which can import internal/bench/workload (it imports this package).
var CheckAgainstReference = checkAgainstReference
