#!/usr/bin/env bash
# The Debian packages a make target needs beyond Python's own (called by the Makefile):
#
#     bash tools/system_packages.sh venv npm chromium
#
#   venv      python3-venv: `python3 -m venv` makes .venv (Debian splits it off)
#   npm       npm: the build fetches MathJax and the widget renderer (tools/vendor_assets.py)
#   chromium  chromium: the browser tests and the PDF (tools/browser.py)
#
# Whatever is missing is installed with apt-get when this runs as root (a fresh Debian
# machine, CI); any other user gets the exact command to run, and make stops.
set -euo pipefail

PYTHON="${PYTHON:-python3}"
missing=()
for need in "$@"; do
  case "$need" in
    venv) "$PYTHON" -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv) ;;
    npm) command -v npm >/dev/null || missing+=(npm) ;;
    chromium)
      # tools/browser.py looks in the same places: $CHROMIUM, then chromium on PATH
      if [ -n "${CHROMIUM:-}" ]; then
        [ -x "$CHROMIUM" ] || { echo "CHROMIUM=$CHROMIUM is not an executable" >&2; exit 1; }
      else
        command -v chromium >/dev/null || missing+=(chromium)
      fi ;;
    *) echo "tools/system_packages.sh: unknown need '$need' (venv, npm, chromium)" >&2; exit 2 ;;
  esac
done
[ "${#missing[@]}" -eq 0 ] && exit 0

command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian package(s): ${missing[*]}. Install them (as root), then run make again:" >&2
  echo "    sudo sh -c '$command'" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "Missing: ${missing[*]}, and no apt-get to install them with (not Debian?)." >&2
  echo "Install the equivalent packages, then run make again." >&2
  exit 1
fi
echo "Installing the missing Debian package(s) with apt-get: ${missing[*]}" >&2
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
