package strictjson

import (
	"unicode"
	"unicode/utf8"
)

// A NameSet holds the member names of one object and detects a name that
// folds to one already seen. The zero NameSet is empty and ready to use.
type NameSet struct {
	// The first names are kept in arrays, compared by hash first; past
	// that a map of folded names keeps the cost linear.
	count  int
	names  [12]string
	hashes [12]uint64
	folded map[string]struct{}
}

// Add adds name to the set. It reports false, leaving the set as it was,
// when the set already holds a name equal to name after case folding.
func (ns *NameSet) Add(name string) bool {
	if ns.folded == nil {
		h := foldHash(name)
		for i := 0; i < ns.count; i++ {
			if ns.hashes[i] == h && FoldEqual(ns.names[i], name) {
				return false
			}
		}
		if ns.count < len(ns.names) {
			ns.names[ns.count] = name
			ns.hashes[ns.count] = h
			ns.count++
			return true
		}
		ns.folded = make(map[string]struct{}, 2*len(ns.names))
		for _, n := range ns.names {
			ns.folded[string(appendFold(nil, n))] = struct{}{}
		}
	}
	key := string(appendFold(nil, name))
	if _, ok := ns.folded[key]; ok {
		return false
	}
	ns.folded[key] = struct{}{}
	ns.count++
	return true
}

// FoldsToOneOf reports whether name, which is none of names, is equal to
// one of them after case folding. names are ASCII, so an ASCII name can
// only fold to one of its own length.
func FoldsToOneOf(name string, names []string) bool {
	ascii := isASCII(name)
	for _, n := range names {
		if (!ascii || len(n) == len(name)) && FoldEqual(name, n) {
			return true
		}
	}
	return false
}

// FoldEqual reports whether a and b are equal after case folding: the
// simple Unicode folding that encoding/json applies before it compares a
// member name with a field name. Under it "kid" equals "KID" and "Kid"
// spelt with a Kelvin sign (U+212A), and "sub" equals "ſub" (with U+017F),
// but "straße" does not equal "STRASSE".
func FoldEqual(a, b string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb && foldRune(ra) != foldRune(rb) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return a == b
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldRune maps r to the smallest rune of its case-folding orbit, as
// encoding/json does before it compares a member name with a field name.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		return r
	}
	for {
		next := unicode.SimpleFold(r)
		if next <= r {
			return next
		}
		r = next
	}
}

// foldHash returns the FNV-1a hash of name after case folding, so that
// names that fold alike hash alike.
func foldHash(name string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(name); {
		if c := name[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			h = (h ^ uint64(c)) * prime
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(name[i:])
		var buf [utf8.UTFMax]byte
		for _, c := range utf8.AppendRune(buf[:0], foldRune(r)) {
			h = (h ^ uint64(c)) * prime
		}
		i += n
	}
	return h
}

func appendFold(dst []byte, name string) []byte {
	for _, r := range name {
		dst = utf8.AppendRune(dst, foldRune(r))
	}
	return dst
}
