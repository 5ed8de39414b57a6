// Command benchtable turns the CSV that benchstat -format csv writes for
// one file of results of the bench module into Markdown tables: a summary
// and per-operation tables of the median ns/op and allocs/op of each
// library, its ratio to the floor measured in the same run, the
// nanoseconds it spends above the floor and its ratio to golang-jwt; the
// paired overheads of BenchmarkOverhead and BenchmarkOverheadAlike; and
// U, encoding/json decoding the custom claims, against jotgo's
// verification. A table or row whose benchmarks were not run is left out,
// and a missing figure is shown as –.
//
//	benchstat -format csv raw.txt | go run ./cmd/benchtable
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

var (
	algs      = []string{"HS256", "RS256", "PS256", "ES256", "EdDSA"}
	libraries = []string{"jotgo", "golang-jwt", "jwx", "go-jose"}
	procs     = regexp.MustCompile(`-\d+$`)
)

// results maps a unit ("sec/op", "allocs/op") to the medians by
// benchmark name, without the GOMAXPROCS suffix.
type results map[string]map[string]float64

func main() {
	r, err := read(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	r.summary(w)
	for _, op := range []string{"Verify", "Sign"} {
		r.table(w, op)
	}
	r.overhead(w)
	r.alike(w)
	r.custom(w)
}

func read(in io.Reader) (results, error) {
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1
	r := results{}
	unit := ""
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return r, nil
		}
		if err != nil {
			return nil, err
		}
		switch {
		case len(rec) < 2:
		case rec[0] == "" && strings.Contains(rec[1], "/"):
			unit = rec[1]
			r[unit] = map[string]float64{}
		case rec[0] != "" && unit != "":
			if v, err := strconv.ParseFloat(rec[1], 64); err == nil {
				r[unit][procs.ReplaceAllString(rec[0], "")] = v
			}
		}
	}
}

func (r results) ns(name string) float64 { return r["sec/op"][name] * 1e9 }

func (r results) table(w io.Writer, op string) {
	heading := false
	for _, alg := range algs {
		floor := "Floor/" + op + "/" + alg
		if _, ok := r["sec/op"][floor]; !ok {
			continue
		}
		if !heading {
			fmt.Fprintf(w, "\n### %s\n\n", op)
			fmt.Fprintln(w, "| alg | library | ns/op | allocs/op | ÷ floor | above floor (ns) |",
				"÷ golang-jwt |")
			fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: |")
			heading = true
		}
		peer := r.ns(op + "/" + alg + "/golang-jwt")
		fmt.Fprintf(w, "| %s | floor | %s | %s | 1.00× | 0 | |\n",
			alg, number(r.ns(floor)), number(r["allocs/op"][floor]))
		for _, lib := range libraries {
			name := op + "/" + alg + "/" + lib
			ns, ok := r["sec/op"][name]
			if !ok {
				continue
			}
			ns *= 1e9
			label := lib
			if lib == "jotgo" {
				label = "**jotgo**"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %.2f× | %s | %s |\n",
				alg, label, number(ns), number(r["allocs/op"][name]),
				ns/r.ns(floor), number(ns-r.ns(floor)), ratio(ns, peer))
		}
	}
}

// summary writes one row per algorithm and operation: the floor, then
// each library's time, its ratio to the floor and its allocations.
func (r results) summary(w io.Writer) {
	fmt.Fprintln(w, "\n### Summary: µs/op (× floor), allocs/op")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "| | floor | %s |\n", strings.Join(libraries, " | "))
	fmt.Fprintf(w, "| --- | ---: |%s\n", strings.Repeat(" ---: |", len(libraries)))
	for _, op := range []string{"Verify", "Sign"} {
		for _, alg := range algs {
			floor := "Floor/" + op + "/" + alg
			if _, ok := r["sec/op"][floor]; !ok {
				continue
			}
			fmt.Fprintf(w, "| %s %s | %s, %s |", alg, strings.ToLower(op),
				micro(r.ns(floor)), number(r["allocs/op"][floor]))
			for _, lib := range libraries {
				name := op + "/" + alg + "/" + lib
				if _, ok := r["sec/op"][name]; !ok {
					fmt.Fprint(w, " – |")
					continue
				}
				fmt.Fprintf(w, " %s (%s), %s |", micro(r.ns(name)),
					ratio(r.ns(name), r.ns(floor)), number(r["allocs/op"][name]))
			}
			fmt.Fprintln(w)
		}
	}
}

// micro prints nanoseconds as microseconds with two or three significant
// digits.
func micro(ns float64) string {
	us := ns / 1000
	switch {
	case us >= 100:
		return strconv.FormatFloat(us, 'f', 0, 64)
	case us >= 10:
		return strconv.FormatFloat(us, 'f', 1, 64)
	}
	return strconv.FormatFloat(us, 'f', 2, 64)
}

// overhead writes the medians of BenchmarkOverhead: what each library
// spends above the floor, timed in the same iterations as the floor.
func (r results) overhead(w io.Writer) {
	const unit = "overhead-sec/op"
	if len(r[unit]) == 0 {
		return
	}
	fmt.Fprintln(w, "\n### Overhead above the floor, paired (ns)")
	fmt.Fprintln(w, "\nEach iteration runs the library and the floor, in turns first, "+
		"and keeps the")
	fmt.Fprintln(w, "difference of their times: the median over iterations, then over rounds.")
	fmt.Fprintln(w, "RSA signing (0.7 ms) is left out: there the figure moved by tens of µs with")
	fmt.Fprintln(w, "memory placement alone (see BenchmarkOverhead).")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "| | %s |\n", strings.Join(libraries, " | "))
	fmt.Fprintf(w, "| --- |%s\n", strings.Repeat(" ---: |", len(libraries)))
	for _, op := range []string{"Verify", "Sign"} {
		for _, alg := range algs {
			names := make([]string, len(libraries))
			for i, lib := range libraries {
				names[i] = "Overhead/" + op + "/" + alg + "/" + lib
			}
			if row, seen := r.overheadRow(alg+" "+strings.ToLower(op), names); seen {
				fmt.Fprintln(w, row)
			}
		}
	}
}

// overheadRow returns a table row labelled label with the paired overhead
// of each named benchmark, – for those not run, and whether any was run.
func (r results) overheadRow(label string, names []string) (row string, seen bool) {
	row = "| " + label + " |"
	for _, name := range names {
		cell := "–"
		if ns, ok := r["overhead-sec/op"][name]; ok {
			cell, seen = number(ns*1e9), true
		}
		row += " " + cell + " |"
	}
	return row, seen
}

// alike writes the medians of BenchmarkOverheadAlike: what jotgo spends
// above floors made of the same parts for every algorithm.
func (r results) alike(w io.Writer) {
	cells := func(op string) (string, bool) {
		names := make([]string, len(algs))
		for i, alg := range algs {
			names[i] = "OverheadAlike/" + op + "/" + alg + "/jotgo"
		}
		return r.overheadRow(op, names)
	}
	verify, ok1 := cells("Verify")
	sign, ok2 := cells("Sign")
	if !ok1 && !ok2 {
		return
	}
	fmt.Fprintln(w, "\n### jotgo above floors made alike, paired (ns)")
	fmt.Fprintln(w, "\nThe floors above differ by family: for HS256 they decode or encode "+
		"base64url")
	fmt.Fprintln(w, "and key a new HMAC each time, for the others they are the bare primitive.")
	fmt.Fprintln(w, "Here every floor decodes (to verify) or encodes (to sign) base64url and runs")
	fmt.Fprintln(w, "the primitive, with an HMAC keyed once for HS256, as a library keeps it.")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "| | %s |\n", strings.Join(algs, " | "))
	fmt.Fprintf(w, "| --- |%s\n", strings.Repeat(" ---: |", len(algs)))
	fmt.Fprintln(w, verify)
	if ok2 {
		fmt.Fprintln(w, sign)
	}
}

// custom reports U, encoding/json decoding the custom claims alone, and
// where jotgo's verification stands against the floor and U: measured
// apart and added, and run one after the other in each iteration.
func (r results) custom(w io.Writer) {
	u, ok := r["sec/op"]["Floor/U"]
	if !ok {
		return
	}
	u *= 1e9
	fmt.Fprintf(w, "\nU (encoding/json decoding the scope and roles alone): %s ns/op, %s allocs/op.\n",
		number(u), number(r["allocs/op"]["Floor/U"]))
	floor, jotgo := r.ns("Floor/Verify/HS256"), r.ns("Verify/HS256/jotgo")
	if floor > 0 && jotgo > 0 {
		above, sign := (jotgo-floor-u)/floor, "+"
		if above < 0 {
			above, sign = -above, "−"
		}
		fmt.Fprintf(w, "HS256 verify by jotgo: floor + U %s %.2f× the floor.\n", sign, above)
		fmt.Fprintln(w, "(jotgo fills the scope and roles fields itself, without encoding/json.)")
	}
	heading := false
	for _, alg := range algs {
		floor, both := r.ns("Floor/Verify/"+alg), r.ns("Floor/VerifyThenU/"+alg)
		jotgo := r.ns("Verify/" + alg + "/jotgo")
		if floor == 0 || both == 0 || jotgo == 0 {
			continue
		}
		if !heading {
			fmt.Fprintln(w, "\n### Verify against the floor and U run together")
			fmt.Fprintln(w, "\nThe floor then U in each iteration, against the sum of the two "+
				"measured apart,")
			fmt.Fprintln(w, "and what jotgo spends above the two run together (ns/op).")
			fmt.Fprintln(w, "\n| alg | floor | floor + U apart | floor then U | jotgo |",
				"jotgo − (floor then U) |")
			fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: |")
			heading = true
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", alg, number(floor), number(floor+u),
			number(both), number(jotgo), number(jotgo-both))
	}
}

// ratio prints a÷b with two decimals, or – when b is missing.
func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return strconv.FormatFloat(a/b, 'f', 2, 64) + "×"
}

// number prints n rounded to an integer.
func number(n float64) string {
	return strconv.FormatFloat(n, 'f', 0, 64)
}
