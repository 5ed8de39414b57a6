package jwk

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
)

// maxSetKeys bounds the number of keys in a JWK Set, so that a huge set
// cannot cost unbounded key validation. Real sets hold a handful.
const maxSetKeys = 256

// A Set is a JSON Web Key Set ([RFC 7517] §5) used as the
// [github.com/jotgo/jwt.KeySource] of a verifier. It is immutable and safe
// for concurrent use.
//
// # Choosing a key
//
// For each token, the set picks one key from the token's "kid" and "alg"
// headers and never tries keys in turn:
//
//   - With a "kid", the key with that kid which can verify "alg". When no
//     key has that kid the error matches [github.com/jotgo/jwt.ErrKeyNotFound];
//     when keys have it but none verifies "alg", it matches
//     [github.com/jotgo/jwt.ErrAlgorithm].
//   - Without a "kid", the one key of the set that can verify "alg". When
//     none can, the error matches ErrAlgorithm; when several can, it
//     matches ErrKeyNotFound.
//
// Keys may share a kid (RFC 7517 §4.5 allows it for keys of different
// types); a token whose kid and alg fit more than one key is refused with
// ErrKeyNotFound rather than checked against each. So is a token whose kid
// is also the kid of a key that [ParseSet] left out: which key the issuer
// meant is then unknown.
//
// # Which algorithm a key verifies
//
// A key with an "alg" member verifies exactly that algorithm. A key
// without one verifies the algorithm its type gives: ES256, ES384 or ES512
// for an EC key on P-256, P-384 or P-521, EdDSA for an Ed25519 key, and
// for an RSA key the algorithms of [WithRSAAlgorithms], RS256 by default.
// An oct key without "alg" verifies nothing. A key with a "use" other
// than "sig", or a "key_ops" without "verify", verifies nothing either;
// a key with neither member may verify.
//
// [RFC 7517]: https://www.rfc-editor.org/rfc/rfc7517
type Set struct {
	keys    []*Key
	skipped []error
	cfg     setConfig
	// byKID and byAlg index the verifiers of the set by the kid and by the
	// algorithm of their key; kids holds the kid of every key.
	byKID map[string][]entry
	byAlg map[string][]entry
	kids  map[string]bool
	// skippedKIDs holds the kids of the keys ParseSet left out.
	skippedKIDs map[string]bool
}

var _ jwt.KeySource = (*Set)(nil)

// An entry is a key and its verifier for one algorithm.
type entry struct {
	key *Key
	v   algorithms.Verifier
}

// A SetOption configures [ParseSet] and [NewSet]. Options only record
// values; the constructor checks them together.
type SetOption func(*setConfig)

type setConfig struct {
	rsaAlgs []string
}

// WithRSAAlgorithms sets the algorithms that RSA keys without an "alg"
// member verify, among RS256, RS384, RS512, PS256, PS384 and PS512. The
// default is RS256 alone, which is what identity providers that leave
// "alg" out (Azure AD, many Auth0 and Keycloak sets) sign with. A key
// still verifies each token with the one algorithm its "alg" header
// names.
func WithRSAAlgorithms(algs ...string) SetOption {
	return func(c *setConfig) { c.rsaAlgs = slices.Clone(algs) }
}

func newSetConfig(opts []SetOption) (setConfig, error) {
	c := setConfig{rsaAlgs: []string{algorithms.RS256}}
	for _, opt := range opts {
		opt(&c)
	}
	if len(c.rsaAlgs) == 0 {
		return c, newError(jwt.ErrInvalidArgument,
			"invalid argument: WithRSAAlgorithms needs at least one algorithm")
	}
	for _, alg := range c.rsaAlgs {
		if !isJWSAlgorithm(alg) || !strings.HasPrefix(alg, "RS") && !strings.HasPrefix(alg, "PS") {
			return c, newError(jwt.ErrInvalidArgument,
				"invalid argument: WithRSAAlgorithms: %s is not an RSA algorithm", quote(alg))
		}
	}
	return c, nil
}

// ParseSet parses a JWK Set: a JSON object whose "keys" member is an array
// of JWKs. Other members of the object are ignored.
//
// Keys that [ParseKey] refuses are left out of the set, as RFC 7517 §5
// asks, so that a provider publishing a new key type does not break its
// verifiers; [Set.Skipped] tells why each was left out. ParseSet itself
// fails, with an error matching [ErrMalformed], when the input is not a
// strict JSON object with a "keys" array of at most 256 elements, or when
// the set mixes public keys with private or secret (oct) keys: such a set
// is either a mistake or a secret about to be published.
func ParseSet(data []byte, opts ...SetOption) (*Set, error) {
	c, err := newSetConfig(opts)
	if err != nil {
		return nil, err
	}
	elems, err := setElements(bytes.Clone(data))
	if err != nil {
		return nil, err
	}
	var keys []*Key
	var skipped []error
	skippedKIDs := map[string]bool{}
	for i, e := range elems {
		k, err := parseElement(e)
		if err != nil {
			skipped = append(skipped, &skippedError{index: i, err: err})
			skippedKIDs[kidOf(e)] = true
			continue
		}
		keys = append(keys, k)
	}
	if err := checkMixed(keys, ErrMalformed); err != nil {
		return nil, err
	}
	s := newSet(keys, c)
	s.skipped = skipped
	delete(skippedKIDs, "")
	s.skippedKIDs = skippedKIDs
	return s, nil
}

// setElements returns the raw elements of the "keys" array of a JWK Set.
func setElements(data []byte) ([][]byte, error) {
	ms, err := parseObject(data)
	if err != nil {
		return nil, malformed("key set: %v", err)
	}
	i := slices.IndexFunc(ms, func(m member) bool { return m.name == "keys" })
	if i < 0 {
		return nil, malformed("key set has no keys member")
	}
	elems, ok := parseArray(ms[i].value)
	switch {
	case !ok:
		return nil, malformed("key set member keys is not an array")
	case len(elems) > maxSetKeys:
		return nil, malformed("key set has more than %d keys", maxSetKeys)
	}
	return elems, nil
}

// kidOf returns the kid of an element of a set that is not a usable key,
// or "".
func kidOf(e []byte) string {
	ms, err := parseObject(e)
	if err != nil {
		return ""
	}
	kid, _, _ := newFields(ms).str("kid")
	return kid
}

func parseElement(e []byte) (*Key, error) {
	if e[0] != '{' {
		return nil, malformed("not a JSON object")
	}
	ms, err := parseObject(e)
	if err != nil {
		return nil, malformed("%v", err)
	}
	return newKey(ms)
}

// NewSet returns a Set of keys. It refuses, with an error matching
// [github.com/jotgo/jwt.ErrInvalidArgument], a nil key and a mix of public
// keys with private or secret ones.
func NewSet(keys []*Key, opts ...SetOption) (*Set, error) {
	c, err := newSetConfig(opts)
	if err != nil {
		return nil, err
	}
	if slices.Contains(keys, nil) {
		return nil, newError(jwt.ErrInvalidArgument, "invalid argument: NewSet given a nil key")
	}
	if err := checkMixed(keys, jwt.ErrInvalidArgument); err != nil {
		return nil, err
	}
	return newSet(slices.Clone(keys), c), nil
}

// checkMixed refuses a set holding both public keys and private or secret
// ones (Wycheproof's MixedKeySet).
func checkMixed(keys []*Key, category error) error {
	private := slices.ContainsFunc(keys, (*Key).IsPrivate)
	public := slices.ContainsFunc(keys, func(k *Key) bool { return !k.IsPrivate() })
	if private && public {
		if category == ErrMalformed {
			return malformed("key set mixes public keys with private or secret keys")
		}
		return newError(category,
			"invalid argument: key set mixes public keys with private or secret keys")
	}
	return nil
}

func newSet(keys []*Key, c setConfig) *Set {
	s := &Set{
		keys:  keys,
		cfg:   c,
		byKID: map[string][]entry{},
		byAlg: map[string][]entry{},
		kids:  map[string]bool{},
	}
	for _, k := range keys {
		s.add(k)
	}
	return s
}

// add indexes the verifiers of k, one for each algorithm it verifies.
func (s *Set) add(k *Key) {
	if k.kid != "" {
		s.kids[k.kid] = true
	}
	for _, alg := range s.algorithmsOf(k) {
		v, err := k.Verifier(alg)
		if err != nil {
			continue
		}
		e := entry{key: k, v: v}
		s.byAlg[alg] = append(s.byAlg[alg], e)
		if k.kid != "" {
			s.byKID[k.kid] = append(s.byKID[k.kid], e)
		}
	}
}

// algorithmsOf returns the algorithms k may verify in this set.
func (s *Set) algorithmsOf(k *Key) []string {
	if k.alg != "" {
		return []string{k.alg}
	}
	switch k.kty {
	case "EC":
		c, _ := ecCurveNamed(k.crv)
		return []string{c.alg}
	case "OKP":
		return []string{algorithms.EdDSA}
	case "RSA":
		return s.cfg.rsaAlgs
	}
	return nil
}

// VerifierFor returns the verifier of the one key that fits the token's
// "kid" and "alg" headers, as the [Set] documentation describes. It never
// does I/O.
func (s *Set) VerifierFor(_ context.Context, h *jwt.Header) (algorithms.Verifier, error) {
	v, m := s.lookup(h.KeyID(), h.Algorithm())
	if m != found {
		return nil, m.err()
	}
	return v, nil
}

// A miss says why a lookup found no verifier.
type miss int

const (
	found miss = iota
	unknownKID
	noKeyForAlg
	ambiguous
	wrongAlg
	skippedKID
)

func (m miss) err() error {
	switch m {
	case unknownKID:
		return newError(jwt.ErrKeyNotFound, "key not found: no key has the token's kid")
	case ambiguous:
		return newError(jwt.ErrKeyNotFound,
			"key not found: several keys fit the token's kid and alg")
	case skippedKID:
		return newError(jwt.ErrKeyNotFound,
			"key not found: a key with the token's kid was left out of the set")
	}
	if m == noKeyForAlg {
		return newError(jwt.ErrAlgorithm,
			"algorithm not allowed: no key verifies the token's alg")
	}
	return newError(jwt.ErrAlgorithm,
		"algorithm not allowed: no key with the token's kid verifies its alg")
}

// refetchable reports whether a fresher copy of a remote set might have
// the key: the token names a kid or an alg that no key has.
func (m miss) refetchable() bool { return m == unknownKID || m == noKeyForAlg }

func (s *Set) lookup(kid, alg string) (algorithms.Verifier, miss) {
	switch {
	case kid == "":
		return only(s.byAlg[alg], alg, noKeyForAlg)
	case s.skippedKIDs[kid]:
		return nil, skippedKID
	case !s.kids[kid]:
		return nil, unknownKID
	}
	return only(s.byKID[kid], alg, wrongAlg)
}

// only returns the verifier of the one entry for alg, or none.
func only(entries []entry, alg string, none miss) (algorithms.Verifier, miss) {
	var v algorithms.Verifier
	for _, e := range entries {
		if e.v.Algorithm() != alg {
			continue
		}
		if v != nil {
			return nil, ambiguous
		}
		v = e.v
	}
	if v == nil {
		return nil, none
	}
	return v, found
}

// Keys returns the keys of the set, in order.
func (s *Set) Keys() []*Key { return slices.Clone(s.keys) }

// Skipped returns, in order, why [ParseSet] left out each key it did not
// keep. Each error matches [ErrMalformed], [ErrUnsupported] or
// [github.com/jotgo/jwt/algorithms.ErrInvalidKey], and says where the key
// was in the "keys" array.
func (s *Set) Skipped() []error { return slices.Clone(s.skipped) }

// Public returns the set of the public keys of s: each key as
// [Key.Public] returns it, oct keys left out.
func (s *Set) Public() *Set {
	var keys []*Key
	for _, k := range s.keys {
		if p := k.Public(); p != nil {
			keys = append(keys, p)
		}
	}
	p := newSet(keys, s.cfg)
	p.skippedKIDs = s.skippedKIDs
	return p
}

// MarshalJSON writes the set as a JWK Set of public keys, as [Set.Public]
// gives them: it never writes a private or secret key, so that a set can
// be published as it is. Marshal each [Key] to write private keys.
func (s *Set) MarshalJSON() ([]byte, error) {
	b := []byte(`{"keys":[`)
	for i, k := range s.Public().keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendObject(b, k.members)
	}
	return append(b, "]}"...), nil
}

// skippedError reports a key of a set that ParseSet left out.
type skippedError struct {
	index int
	err   error
}

// Error says which key was left out and why.
func (e *skippedError) Error() string {
	return fmt.Sprintf("jwt/jwk: key %d skipped: %s", e.index,
		strings.TrimPrefix(e.err.Error(), "jwt/jwk: "))
}

// Unwrap returns the error ParseKey returned for the key.
func (e *skippedError) Unwrap() error { return e.err }
