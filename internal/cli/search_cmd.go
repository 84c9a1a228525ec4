package cli

func runSearch(e env, args []string) int { return finish(e, "search", usagef("search: not built yet")) }
