#!/usr/bin/env bash
# System packages the tests and reports need, from Debian: Chromium (browser tests), the
# Pango and HarfBuzz-subset libraries WeasyPrint uses for PDF, fonts, poppler-utils (the tests
# render an issued report's pages to PNG with pdftoppm), and systemd and nginx (the deployment
# files in deploy/ are checked with `systemd-analyze verify` and `nginx -t`). Installed only when missing.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ldconfig -p | grep -q libpangoft2-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p | grep -q libharfbuzz-subset || need+=(libharfbuzz-subset0)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "Instalando paquetes del sistema: ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Se necesitan permisos de administración: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"
