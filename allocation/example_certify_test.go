package allocation_test

import (
	"context"
	"fmt"

	"github.com/probationkit/probation/allocation"
)

// The flow's bound lets cases split, so it can sit well below every whole
// allocation: on the five-case team it leaves FlowSearch's allocation
// 15% above it. Certify keeps cases whole and proves that allocation
// the best there is.
func ExampleResult_Certify() {
	p := team()
	r, err := allocation.Solve(context.Background(), p, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := r.Certify(context.Background(), 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("objective %d, flow's bound %d (gap %.3f%%)\n", r.Stats.Objective, r.Stats.Bound, r.Stats.GapPercent)
	fmt.Printf("certified bound %d (gap %.3f%%), %v\n", c.Bound, c.GapPercent, c.Status)
	// Output:
	// objective 4791, flow's bound 4150 (gap 15.446%)
	// certified bound 4791 (gap 0.000%), optimal
}
