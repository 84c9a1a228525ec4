package cli

func runDecode(e env, args []string) int   { return finish(e, "decode", usagef("decode: not built yet")) }
func runSimulate(e env, args []string) int { return finish(e, "simulate", usagef("simulate: not built yet")) }
