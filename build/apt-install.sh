# Sourced by the test server scripts: installs a Debian package when what a script needs is missing.
#   apt_install "<what, for messages>" <package> [<alternative package> ...]
# The first package that installs wins. Needs root or sudo; the caller defines die.
apt_install() {
  local what=$1 package sudo=()
  shift
  command -v apt-get >/dev/null 2>&1 || die "$what is not installed and there is no apt-get to install it with"
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "$what is not installed; installing it needs root (or sudo)"
    sudo=(sudo -n)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q >&2 || die "apt-get update failed"
  for package in "$@"; do
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "$package" >&2 && return 0
  done
  die "apt-get could not install $*"
}
