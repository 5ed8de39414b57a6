// Command api is a small but complete HTTP API secured with bearer tokens:
// it issues access and refresh tokens to demo users, rotates refresh
// tokens and detects their reuse, revokes tokens on logout, and protects
// its routes with package jwthttp.
//
// Run it from the repository root:
//
//	go run ./examples/api [-addr localhost:8080] [-key key.pem]
//		[-tls-cert cert.pem -tls-key key.pem]
//
// Routes: POST /login, POST /refresh, POST /logout, GET /profile, GET
// /admin (role admin) and GET /health. The signing key is an Ed25519 key
// in PEM (openssl genpkey -algorithm ed25519), from -key or the
// environment variable API_SIGNING_KEY; without either, a random key is
// generated with a warning. The README's "Secure an API in five minutes"
// walks through it with curl. The demo users are in users.go.
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jotgo/jwt/algorithms"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		log.Print("api: ", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	flags := flag.NewFlagSet("api", flag.ContinueOnError)
	addr := flags.String("addr", "localhost:8080", "address to listen on")
	keyFile := flags.String("key", "", "PEM file of the Ed25519 signing key")
	cert := flags.String("tls-cert", "", "PEM file of the TLS certificate (serves HTTPS)")
	certKey := flags.String("tls-key", "", "PEM file of the TLS certificate's key")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if (*cert == "") != (*certKey == "") {
		return errors.New("give both -tls-cert and -tls-key, or neither")
	}
	logger := log.Default()
	key, err := loadKey(*keyFile, func(msg string) { logger.Print(msg) })
	if err != nil {
		return err
	}
	signer, err := algorithms.NewEdDSA(key)
	if err != nil {
		return err
	}
	s, err := newServer(config{key: signer, now: time.Now, log: logger, requireTLS: *cert != ""})
	if err != nil {
		return err
	}
	return serve(s.handler(), *addr, *cert, *certKey, logger)
}

// serve runs the HTTP server until SIGINT or SIGTERM.
func serve(h http.Handler, addr, cert, key string, logger *log.Logger) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    32 << 10,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	var err error
	if cert != "" {
		logger.Printf("listening on https://%s", addr)
		err = srv.ListenAndServeTLS(cert, key)
	} else {
		logger.Printf("listening on http://%s (plain HTTP: bearer tokens travel in clear; "+
			"use -tls-cert and -tls-key, or a TLS proxy, anywhere but on localhost)", addr)
		err = srv.ListenAndServe()
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
