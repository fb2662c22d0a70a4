#!/usr/bin/env bash
# Stops a proxy made by start-test-proxy.sh and removes its directory (config, pid file, log).
#
#   build/proxy/stop-test-proxy.sh <dir>
#
# <dir> is the directory start-test-proxy.sh named. Only a directory it made (it holds the marker
# file .vpp-test-proxy) is touched. Stopping a proxy that is no longer running, or a directory
# that is already gone, is not an error.
set -euo pipefail

say() { echo "stop-test-proxy: $*" >&2; }

[[ $# -eq 1 && -n $1 ]] || { say "usage: $0 <dir>"; exit 2; }
dir=$1
if [[ ! -e $dir ]]; then
  say "$dir does not exist; nothing to stop"
  exit 0
fi
[[ -f $dir/.vpp-test-proxy ]] || { say "ERROR: $dir was not made by start-test-proxy.sh; leaving it alone"; exit 1; }

# Only a tinyproxy started with this directory's config is signalled (a reused pid is left alone).
ours() { [[ $1 =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$dir/tinyproxy.conf"; }

pid=$(cat "$dir/pid" 2>/dev/null || true)
if ours "$pid"; then
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    ours "$pid" || break
    sleep 0.1
  done
  if ours "$pid"; then
    say "the proxy (pid $pid) is still running; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
fi

rm -rf "$dir"
say "stopped and removed $dir"
