//go:build unix

package cli

import (
	"os/exec"
	"syscall"
)

// killGroup starts c in a process group of its own and makes its
// cancellation kill the whole group, so that a shell script's children
// (a curl sleeping on Retry-After: 3600) end with it.
func killGroup(c *exec.Cmd) {
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.Cancel = func() error { return syscall.Kill(-c.Process.Pid, syscall.SIGKILL) }
}
