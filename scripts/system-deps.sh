#!/usr/bin/env bash
# Installs the Debian packages the portal needs, when they are missing:
#   Pango (WeasyPrint's text layout), poppler-utils (PDF checks: pdftoppm, pdffonts, pdftotext),
#   gettext (compilemessages), chromium (browser tests); with WITH_REDIS=1 (CI), redis-server.
# As root it installs them with apt-get; otherwise it names what is missing and stops.
set -euo pipefail

need=()
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
[ "${WITH_REDIS:-0}" = "1" ] && { command -v redis-server >/dev/null 2>&1 || need+=(redis-server); }
if [ "${SKIP_BROWSER:-0}" != "1" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${need[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
