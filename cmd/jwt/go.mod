module github.com/jotgo/jwt/cmd/jwt

go 1.26.0

require (
	github.com/jotgo/jwt v0.0.0
	github.com/stretchr/testify v1.11.1
	golang.org/x/crypto v0.59.0
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

// The tool builds against the library in this checkout. A published
// version is installed with go install github.com/jotgo/jwt/cmd/jwt@latest.
replace github.com/jotgo/jwt => ../..
