#!/usr/bin/env bash
# Stops a server made by start-test-server.sh and removes its directory (data, socket, log).
#
#   build/postgres/stop-test-server.sh <dir>
#
# <dir> is the directory start-test-server.sh named. Only a directory it made (it holds the marker
# file .vpp-test-server) is touched. Stopping a server that is no longer running, or a directory
# that is already gone, is not an error.
set -euo pipefail

say() { echo "stop-test-server: $*" >&2; }

[[ $# -eq 1 && -n $1 ]] || { say "usage: $0 <dir>"; exit 2; }
dir=$1
if [[ ! -e $dir ]]; then
  say "$dir does not exist; nothing to stop"
  exit 0
fi
[[ -f $dir/.vpp-test-server ]] || { say "ERROR: $dir was not made by start-test-server.sh; leaving it alone"; exit 1; }

data=$dir/data
if [[ -f $data/postmaster.pid ]]; then
  bindir=$(cat "$dir/bindir" 2>/dev/null || true)
  pg_ctl=$bindir/pg_ctl
  [[ -x $pg_ctl ]] || pg_ctl=$(command -v pg_ctl) || { say "ERROR: pg_ctl not found"; exit 1; }
  owner=$(stat -c %U "$data")
  # The data is thrown away: an immediate shutdown is enough.
  stop=("$pg_ctl" stop -D "$data" -m immediate -w -t 30)
  if [[ $EUID -eq 0 && $owner != root ]]; then
    if command -v runuser >/dev/null 2>&1; then
      stop=(runuser -u "$owner" -- "${stop[@]}")
    else
      stop=(su -s /bin/sh "$owner" -c "$(printf '%q ' "${stop[@]}")")
    fi
  fi
  (cd "$dir" && "${stop[@]}" >&2) || say "pg_ctl stop failed (the server may have stopped already)"
  # A postmaster that is still there must not outlive its directory.
  pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
     && [[ $(readlink -f "/proc/$pid/cwd" 2>/dev/null) == "$(readlink -f "$data")" ]]; then
    say "the server (pid $pid) is still running; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
fi

rm -rf "$dir"
say "stopped and removed $dir"
