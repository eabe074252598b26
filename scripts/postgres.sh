#!/usr/bin/env bash
# Make sure the local PostgreSQL server answers (the tests create their own databases in it).
set -euo pipefail
host=${PGHOST_TEST:-127.0.0.1}
if pg_isready -h "$host" -p 5432 -q 2>/dev/null; then exit 0; fi
if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
  echo "Iniciando PostgreSQL…"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -h "$host" -p 5432 -q && exit 0; sleep 1; done
fi
echo "PostgreSQL no responde en $host:5432; las pruebas lo necesitan." >&2
exit 1
