// Command ferretdb runs FerretDB v1 with its SQLite backend as a local MongoDB-protocol server, built
// against the patched copy of the module that infra/ferretdb_build.py prepares (see go.mod).
//
// The upstream cmd/ferretdb cannot simply be `go install`ed: the module lacks its generated
// build/version/version.txt and the binary panics at start-up. The embeddable package has no
// such dependency, so the project builds this tiny main instead (see DESIGN.md).
package main

import (
	"context"
	"flag"
	"log"
	"net/http"
	_ "net/http/pprof" // served only when -pprof is given: CPU profiles for the bench
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data-dir", "./data", "directory for the SQLite databases")
	pprof := flag.String("pprof", "", "address for Go's pprof handlers, e.g. 127.0.0.1:6060 (off when empty)")
	auth := flag.Bool("auth", false, "require SCRAM authentication for every command but the handshake")
	setupUser := flag.String("setup-username", "", "create this user on the first start (password from FERRETDB_SETUP_PASSWORD)")
	setupDatabase := flag.String("setup-database", "admin", "the database of the user created on the first start")
	flag.Parse()

	if *pprof != "" {
		go func() { log.Printf("ferretdb: pprof: %v", http.ListenAndServe(*pprof, nil)) }()
	}

	if err := os.MkdirAll(*dataDir, 0o755); err != nil {
		log.Fatalf("ferretdb: cannot create data directory %s: %v", *dataDir, err)
	}

	config := &ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dataDir + "/",
		Auth:      *auth,
	}
	if *setupUser != "" {
		// From the environment, not a flag: a password on the command line is visible to every process.
		password := os.Getenv("FERRETDB_SETUP_PASSWORD")
		if password == "" {
			log.Fatalf("ferretdb: -setup-username needs FERRETDB_SETUP_PASSWORD")
		}
		config.SetupDatabase, config.SetupUsername, config.SetupPassword = *setupDatabase, *setupUser, password
	}

	server, err := ferretdb.New(config)
	if err != nil {
		log.Fatalf("ferretdb: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	log.Printf("ferretdb: listening on %s, data in %s", *listen, *dataDir)
	if err := server.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatalf("ferretdb: %v", err)
	}
	log.Printf("ferretdb: stopped")
}
