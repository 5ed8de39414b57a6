package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
)

// A user is a demo account. Its password is stored as the SHA-256 of a
// salt, a colon and the password: enough to show a constant-time check,
// not to resist an offline attack on a stolen table. Real code stores a
// slow, salted hash: bcrypt, scrypt or argon2id from golang.org/x/crypto,
// or crypto/pbkdf2 with a high iteration count.
type user struct {
	salt  string
	hash  string
	roles []string
}

// demoUsers returns the accounts documented in the README: alice (password
// "wonderland") and admin ("correct horse battery staple").
func demoUsers() map[string]user {
	return map[string]user{
		"alice": {
			salt:  "8f1c0a5d2b7e4a61",
			hash:  "8c3a0db616a54c7ec451add80056fceb3d81e268eae0d9a8236fc9350960fd9c",
			roles: []string{"user"},
		},
		"admin": {
			salt:  "3e9b7d214c6a0f58",
			hash:  "e27fbff78de110cbce73a0405891563a7333e04520e26d6bec5bfc62c46c8607",
			roles: []string{"user", "admin"},
		},
	}
}

// The salt and hash checked when the username does not exist, so that a
// wrong username takes as long as a wrong password and does not reveal
// which usernames exist.
const (
	dummySalt = "0000000000000000"
	dummyHash = "0000000000000000000000000000000000000000000000000000000000000000"
)

// checkPassword returns the user called name if password is theirs. The
// hashes are compared in constant time.
func checkPassword(users map[string]user, name, password string) (user, bool) {
	u, exists := users[name]
	salt, hash := dummySalt, dummyHash
	if exists {
		salt, hash = u.salt, u.hash
	}
	sum := sha256.Sum256([]byte(salt + ":" + password))
	want, err := hex.DecodeString(hash)
	if err != nil {
		return user{}, false
	}
	match := subtle.ConstantTimeCompare(sum[:], want) == 1
	if !exists || !match {
		return user{}, false
	}
	return u, true
}
