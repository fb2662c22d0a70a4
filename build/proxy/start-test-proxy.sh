#!/usr/bin/env bash
# Starts a throwaway HTTP proxy (tinyproxy) for the tests and prints its URL.
#
#   proxy=$(build/proxy/start-test-proxy.sh [--basic-auth USER:PASSWORD] [--dir-file FILE])
#   curl -x "$proxy" http://127.0.0.1:<port>/
#   ...
#   build/proxy/stop-test-proxy.sh <dir>     # the directory is named on stderr (and in FILE)
#
# stdout is exactly one line, the proxy's URL:
#   http://127.0.0.1:<port>
# Everything else goes to stderr. The proxy lives in a fresh temporary directory (config, pid file,
# log proxy.log), listens on 127.0.0.1 only, accepts clients from 127.0.0.1 only, forwards plain
# HTTP to any target (loopback ones too) and allows CONNECT to any port. Every request is logged
# (LogLevel Info) with its target: "Request (file descriptor N): GET http://host:port/path HTTP/1.1"
# or "... CONNECT host:port HTTP/1.1", then "Established connection to host "host" ..." when it is
# forwarded. The Proxy-Authorization header and the password are never logged. Each run starts a
# new, independent proxy.
#
# Options and environment:
#   --basic-auth USER:PASSWORD   require Basic authentication; other requests get 407
#   --dir-file FILE              also write the proxy's directory to FILE (for scripts that stop it later)
#   VPP_PROXY_PORT               the port to try first (default 58080); the next free one is used if taken
#   TMPDIR                       where the temporary directory is made (default /tmp)
#
# tinyproxy is installed with apt-get when it cannot be found. As root, tinyproxy drops its
# privileges: it runs as nobody:nogroup (or the package's user tinyproxy), which owns the directory.
set -euo pipefail

say() { echo "start-test-proxy: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }
# shellcheck source=../apt-install.sh
. "$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh"

dir_file=
auth_user=
auth_password=
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir-file) [[ $# -ge 2 ]] || die "--dir-file needs a file name"; dir_file=$2; shift 2 ;;
    --basic-auth)
      [[ $# -ge 2 && $2 == *:* ]] || die "--basic-auth needs USER:PASSWORD"
      auth_user=${2%%:*}; auth_password=${2#*:}; shift 2
      [[ -n $auth_user && -n $auth_password ]] || die "--basic-auth needs a user and a password"
      [[ $auth_user$auth_password =~ ^[A-Za-z0-9._~!\$\&\'\(\)*+,\;=-]+$ ]] \
        || die "--basic-auth: the user and password must be plain characters (no spaces, quotes, colons in the user)"
      ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# --- tinyproxy ------------------------------------------------------------------------------------
find_tinyproxy() {
  local t
  for t in /usr/bin/tinyproxy /usr/sbin/tinyproxy; do [[ -x $t ]] && { echo "$t"; return 0; }; done
  command -v tinyproxy 2>/dev/null
}

if ! tinyproxy=$(find_tinyproxy); then
  say "tinyproxy not found; installing it with apt-get"
  apt_install tinyproxy tinyproxy
  tinyproxy=$(find_tinyproxy) || die "tinyproxy was installed but is still not found"
fi
version=$("$tinyproxy" -v 2>&1 | head -n 1)
say "using $version ($tinyproxy)"

# --- The user it runs as --------------------------------------------------------------------------
user_lines=
if [[ $EUID -eq 0 ]]; then
  if id -u nobody >/dev/null 2>&1 && getent group nogroup >/dev/null 2>&1; then
    run_user=nobody; run_group=nogroup
  elif id -u tinyproxy >/dev/null 2>&1; then
    run_user=tinyproxy; run_group=$(id -gn tinyproxy)
  else
    die "running as root, but there is neither nobody:nogroup nor a user tinyproxy to run the proxy as"
  fi
  user_lines="User $run_user
Group $run_group"
else
  run_user=$(id -un)
fi

# --- Directory, config ----------------------------------------------------------------------------
dir=$(mktemp -d "${TMPDIR:-/tmp}/vpp-proxy.XXXXXX") || die "could not make a temporary directory"
log=$dir/proxy.log
conf=$dir/tinyproxy.conf
pid=

# On any failure: show the log, stop what was started, remove the directory.
cleanup_on_error() {
  local rc=$?
  [[ $rc -eq 0 ]] && return
  if [[ -s $log ]]; then
    say "proxy log ($log):"
    tail -n 40 "$log" | sed 's/^/  | /' >&2
  fi
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$dir"
  say "FAILED: the test proxy was not started (exit $rc)"
}
trap cleanup_on_error EXIT
trap 'exit 1' INT TERM HUP

touch "$dir/.vpp-test-proxy"
chmod 755 "$dir"
if [[ $EUID -eq 0 ]]; then chown "$run_user:" "$dir"; fi

write_conf() {
  cat >"$conf" <<EOF
# A throwaway test proxy (build/proxy/start-test-proxy.sh).
$user_lines
Port $1
Listen 127.0.0.1
Timeout 120
LogFile "$log"
LogLevel Info
PidFile "$dir/tinyproxy.pid"
MaxClients 200
Allow 127.0.0.1
DisableViaHeader Yes
# No ConnectPort line: CONNECT is allowed to every port (Debian's default config allows 443 and 563 only).
EOF
  if [[ -n $auth_user ]]; then
    echo "BasicAuth $auth_user $auth_password" >>"$conf"
  fi
  chmod 600 "$conf"
}

# --- Start on a free port --------------------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port=${VPP_PROXY_PORT:-58080}
[[ $port =~ ^[0-9]+$ ]] || die "VPP_PROXY_PORT is not a port number: $port"
started=
for _ in $(seq 1 20); do
  tries=0
  while port_in_use "$port"; do
    port=$((port + 1)); tries=$((tries + 1))
    [[ $tries -lt 200 && $port -le 65535 ]] || die "no free port near ${VPP_PROXY_PORT:-58080}"
  done
  say "starting on 127.0.0.1:$port"
  write_conf "$port"
  rm -f "$log"
  # In the foreground (-d), detached from this script's stdout: its pid is known at once, and
  # whoever reads this script's output is not kept waiting for the proxy to close it.
  (cd "$dir" && exec setsid "$tinyproxy" -d -c "$conf" </dev/null >"$dir/tinyproxy.out" 2>&1) &
  pid=$!
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    if grep -q 'Accepting connections' "$log" 2>/dev/null && port_in_use "$port"; then started=1; break; fi
    sleep 0.05
  done
  [[ -n $started ]] && break
  if kill -0 "$pid" 2>/dev/null; then die "tinyproxy did not start accepting connections on 127.0.0.1:$port"; fi
  pid=
  # Lost a race for the port: try the next one; anything else is fatal.
  grep -qiE 'could not create listening sockets|unable to listen|could not bind|address already in use' "$log" "$dir/tinyproxy.out" 2>/dev/null \
    || { cat "$dir/tinyproxy.out" >&2 2>/dev/null || true; die "tinyproxy exited at start"; }
  say "port $port was taken meanwhile; trying another"
  port=$((port + 1))
done
[[ -n $started ]] || die "the proxy did not start after 20 attempts"
echo "$pid" >"$dir/pid"

url="http://127.0.0.1:$port"
echo "$url" >"$dir/url"
if [[ -n $dir_file ]]; then echo "$dir" >"$dir_file" || die "could not write $dir_file"; fi

trap - EXIT
say "ready: $version on 127.0.0.1:$port${auth_user:+ (Basic authentication, user $auth_user)}, directory $dir, log $log"
say "stop it with: $(dirname "$(readlink -f "$0")")/stop-test-proxy.sh $dir"
echo "$url"
