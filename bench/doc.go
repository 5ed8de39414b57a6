// Package bench compares github.com/jotgo/jwt with other Go JWT libraries:
// golang-jwt/jwt v5, lestrrat-go/jwx v3 and go-jose v4. It is a module of
// its own so that users of the library never download them.
//
// Its tests check that a token made by any of the libraries verifies in
// every other one, with the same keys and the same claims; its benchmarks
// sign and verify those tokens with each library, next to the floor that
// the performance issue defines. run.sh runs them and summarises the
// results with benchstat into results/; root.sh does the same for the
// root module's benchmarks that the README quotes.
package bench
