//go:build !unix

package cli

import "os/exec"

// killGroup leaves c as it is: without process groups, cancelling c kills
// only its own process.
func killGroup(c *exec.Cmd) {}
