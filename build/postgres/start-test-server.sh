#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server for the tests and prints its Npgsql connection string.
#
#   conn=$(build/postgres/start-test-server.sh [--dir-file FILE])
#   export VPP_TEST_POSTGRES="$conn"
#   ...
#   build/postgres/stop-test-server.sh <dir>     # the directory is named on stderr (and in FILE)
#
# stdout is exactly one line, the connection string:
#   Host=127.0.0.1;Port=<port>;Username=vpp;Password=vpp;Database=vpp
# Everything else goes to stderr. The server lives in a fresh temporary directory (data, unix
# socket, log), listens on 127.0.0.1 only, runs without fsync, and has a login role vpp (password
# vpp, CREATEDB and CREATEROLE: the tests make a second login) that owns a database vpp. Each run starts a new, independent server.
#
# Options and environment:
#   --dir-file FILE     also write the server's directory to FILE (for scripts that stop it later)
#   VPP_PG_PORT         the port to try first (default 55432); the next free one is used if taken
#   VPP_PG_BINDIR       the PostgreSQL bin directory (default /usr/lib/postgresql/15/bin)
#   TMPDIR              where the temporary directory is made (default /tmp)
#
# PostgreSQL is installed with apt-get when initdb/pg_ctl cannot be found. PostgreSQL refuses to
# run as root: as root the server runs as the system user postgres, or as a system user vpptest
# created for it; as any other user it runs as that user.
set -euo pipefail

say() { echo "start-test-server: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }
# shellcheck source=../apt-install.sh
. "$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh"

dir_file=
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir-file) [[ $# -ge 2 ]] || die "--dir-file needs a file name"; dir_file=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# --- PostgreSQL binaries -------------------------------------------------------------------------
find_bindir() {
  local d
  for d in "${VPP_PG_BINDIR:-}" /usr/lib/postgresql/15/bin; do
    [[ -n $d && -x $d/initdb && -x $d/pg_ctl ]] && { echo "$d"; return 0; }
  done
  # Another Debian major version, newest first, then whatever is on PATH.
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr); do
    [[ -x $d/initdb && -x $d/pg_ctl ]] && { echo "$d"; return 0; }
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  return 1
}

if ! bindir=$(find_bindir); then
  say "PostgreSQL (initdb, pg_ctl) not found; installing it with apt-get"
  apt_install PostgreSQL postgresql-15 postgresql
  bindir=$(find_bindir) || die "PostgreSQL was installed but initdb/pg_ctl are still not found"
fi
for t in initdb pg_ctl pg_isready psql; do
  [[ -x $bindir/$t ]] || command -v "$t" >/dev/null 2>&1 || die "$t not found (bin directory: $bindir)"
done
tool() { if [[ -x $bindir/$1 ]]; then echo "$bindir/$1"; else command -v "$1"; fi; }
version=$("$(tool pg_ctl)" --version)
version="PostgreSQL ${version#pg_ctl (PostgreSQL) }"
say "using $version ($bindir)"
[[ $version == "PostgreSQL 15."* ]] || say "note: this is not PostgreSQL 15; the tests target 15"

# --- The user the server runs as ------------------------------------------------------------------
if [[ $EUID -eq 0 ]]; then
  if id -u postgres >/dev/null 2>&1; then
    pg_user=postgres
  else
    pg_user=vpptest
    if ! id -u "$pg_user" >/dev/null 2>&1; then
      say "creating system user $pg_user to run the server"
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$pg_user" \
        || die "could not create the system user $pg_user"
    fi
  fi
else
  pg_user=$(id -un)
fi

# Runs a command as $pg_user, from the server's directory (so no unreadable working directory).
as_pg() {
  if [[ $EUID -ne 0 ]]; then
    (cd "$dir" && "$@")
  elif command -v runuser >/dev/null 2>&1; then
    (cd "$dir" && runuser -u "$pg_user" -- "$@")
  else
    (cd "$dir" && su -s /bin/sh "$pg_user" -c "$(printf '%q ' "$@")")
  fi
}

# --- Directory, cluster ---------------------------------------------------------------------------
dir=$(mktemp -d "${TMPDIR:-/tmp}/vpp-pg.XXXXXX") || die "could not make a temporary directory"
data=$dir/data
log=$dir/server.log
started=

# On any failure: show the server log, stop what was started, remove the directory.
cleanup_on_error() {
  local rc=$?
  [[ $rc -eq 0 ]] && return
  if [[ -s $log ]]; then
    say "server log ($log):"
    tail -n 40 "$log" | sed 's/^/  | /' >&2
  fi
  if [[ -n $started ]]; then
    as_pg "$(tool pg_ctl)" stop -D "$data" -m immediate -w >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  say "FAILED: the PostgreSQL test server was not started (exit $rc)"
}
trap cleanup_on_error EXIT
trap 'exit 1' INT TERM HUP

chmod 700 "$dir"
touch "$dir/.vpp-test-server" "$log"
if [[ $EUID -eq 0 ]]; then chown "$pg_user:" "$dir" "$log"; fi
echo "$bindir" >"$dir/bindir"
as_pg test -w "$dir" || die "$pg_user cannot write to $dir (set TMPDIR to a directory it can reach)"

# C.UTF-8 where the C library has it: code-point ordering, Unicode-aware lower()/upper().
locale=C
locale -a 2>/dev/null | grep -qixE 'c\.utf-?8' && locale=C.UTF-8

say "initialising $data (as $pg_user)"
as_pg "$(tool initdb)" -D "$data" -U postgres --encoding=UTF8 --locale="$locale" \
  --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

cat >>"$data/postgresql.conf" <<EOF

# A throwaway test server (build/postgres/start-test-server.sh).
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

# --- Start on a free port --------------------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port=${VPP_PG_PORT:-55432}
[[ $port =~ ^[0-9]+$ ]] || die "VPP_PG_PORT is not a port number: $port"
for _ in 1 2 3 4 5; do
  tries=0
  while port_in_use "$port"; do
    port=$((port + 1)); tries=$((tries + 1))
    [[ $tries -lt 200 && $port -le 65535 ]] || die "no free port near ${VPP_PG_PORT:-55432}"
  done
  say "starting on 127.0.0.1:$port"
  : >"$log"
  started=1
  if as_pg "$(tool pg_ctl)" start -D "$data" -l "$log" -w -t 60 -o "-p $port" >&2; then
    break
  fi
  # Lost a race for the port: try the next one; anything else is fatal.
  grep -q 'could not bind' "$log" || die "pg_ctl could not start the server"
  started=
  say "port $port was taken meanwhile; trying another"
  port=$((port + 1))
done
[[ -n $started ]] || die "the server did not start after 5 attempts"

ready=
for _ in $(seq 1 60); do
  if "$(tool pg_isready)" -q -h 127.0.0.1 -p "$port" -t 1; then ready=1; break; fi
  sleep 0.5
done
[[ -n $ready ]] || die "the server does not accept connections on 127.0.0.1:$port"

# --- Role and database --------------------------------------------------------------------------
as_pg "$(tool psql)" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres >&2 <<'SQL' \
  || die "could not create the role and database vpp"
CREATE ROLE vpp LOGIN PASSWORD 'vpp' CREATEDB CREATEROLE;
CREATE DATABASE vpp OWNER vpp;
SQL

# The tests connect over TCP with a password: check that path, not just the socket.
PGPASSWORD=vpp PGCONNECT_TIMEOUT=5 "$(tool psql)" -X -q -At -h 127.0.0.1 -p "$port" -U vpp -d vpp \
  -c 'SELECT 1' >/dev/null || die "role vpp cannot log in over TCP"

conn="Host=127.0.0.1;Port=$port;Username=vpp;Password=vpp;Database=vpp"
echo "$conn" >"$dir/connection-string"
if [[ -n $dir_file ]]; then echo "$dir" >"$dir_file" || die "could not write $dir_file"; fi

trap - EXIT
say "ready: $version on 127.0.0.1:$port, directory $dir"
say "stop it with: $(dirname "$(readlink -f "$0")")/stop-test-server.sh $dir"
echo "$conn"
