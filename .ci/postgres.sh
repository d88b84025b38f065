#!/usr/bin/env bash
# Make PostgreSQL available to the ledger tests (tests/ledger/test_postgres.py).
#
# Installs Debian's `postgresql` package when its server binaries are missing. The
# tests then start their own throwaway server (initdb + pg_ctl in a temporary
# directory, on 127.0.0.1 and a random port, as the `postgres` user when run as
# root) and stop it afterwards: no system service is started or needed here.
# To use an existing server instead, export DECOMPTE_TEST_POSTGRES_URL
# (e.g. postgresql://user:password@127.0.0.1:5432/postgres).
set -euo pipefail

have_server() {
    command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

if ! have_server; then
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # Only the binaries are used; a cluster the package may create is left alone.
    $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
if [ "$(id -u)" -eq 0 ] && ! command -v runuser >/dev/null 2>&1; then
    echo "postgres.sh: runuser (util-linux) is needed to run the test server as 'postgres'" >&2
    exit 1
fi

bindir=$(dirname "$(readlink -f "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")")
echo "postgres.sh: PostgreSQL binaries in $bindir ($("$bindir/postgres" --version))"
