#!/usr/bin/env bash
# Installs the Debian 12 packages Dossier builds with, only those that are missing.
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config libxapian-dev libicu-dev libcxxopts-dev doctest-dev
          libfmt-dev nlohmann-json3-dev zlib1g-dev libedit-dev xapian-tools python3
          # the tests of the man pages, completions, interactive mode and package (make test, make package)
          man-db zsh tmux jq dpkg-dev file)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing missing packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 2; }
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
