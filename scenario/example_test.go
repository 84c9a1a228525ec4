package scenario_test

import (
	"encoding/json"
	"fmt"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/scenario"
)

// A scenario set the way the command line and the simulator page set it,
// run, and saved in the JSON form both can load.
func Example() {
	s := scenario.New(catalog.BabySea)
	for name, value := range map[string]string{"responses": "503*4,200", "max-retries": "4"} {
		if err := s.Set(name, value); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(s.Run().Summary())
	b, _ := json.Marshal(s)
	fmt.Println(string(b))
	// Output:
	// Succeeded on attempt 5, 9.543 s in total.
	// {"api":"babysea","responses":"503,503,503,503,200","max_retries":4}
}

// A bad value names the field and what it accepts.
func ExampleScenario_Set() {
	s := scenario.New(catalog.Claro)
	fmt.Println(s.Set("max-retries", "lots"))
	// Output: Max retries: "lots" is not a number from 0 to 50
}
