#!/bin/sh
# deps.sh PACKAGE...: make sure the Debian packages are installed (used by `make deps`).
# All installed: prints nothing, exits 0. Some missing: as root, `apt-get update` then
# `apt-get install -y` them; otherwise print the command to run and exit 1.
set -u

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "deps: dpkg-query not found (not Debian?): make sure the equivalents of these are installed: $*" >&2
  exit 0
fi

missing=
for p in "$@"; do
  if ! dpkg-query -W -f='${db:Status-Abbrev}\n' "$p" 2>/dev/null | grep -q '^ii'; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "deps: installing missing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update || { echo "deps: apt-get update failed" >&2; exit 1; }
  # shellcheck disable=SC2086
  apt-get install -y $missing || { echo "deps: apt-get install failed for:$missing" >&2; exit 1; }
  exit 0
fi

echo "deps: missing Debian packages:$missing" >&2
echo "deps: install them with:" >&2
echo "    sudo apt-get install -y$missing" >&2
echo "deps: (or run \`make deps\` as root)" >&2
exit 1
