//go:build linux

package catalog

import "syscall"

// threadCPU returns the CPU time the calling OS thread has used, in
// nanoseconds. Benchmarks report it beside wall time, which other load on
// the machine inflates.
func threadCPU() (int64, bool) {
	const rusageThread = 1 // RUSAGE_THREAD
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}
