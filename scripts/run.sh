#!/usr/bin/env bash
# `make run`: the site and its worker together on the embedded defaults.
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export FLASK_APP=wsgi
trap 'trap - INT TERM EXIT; kill 0 2>/dev/null || true' INT TERM EXIT
# Masterpieces (minutes each) get a worker of their own, so instant jobs never wait behind one.
export MASTERPIECE_QUEUE="${MASTERPIECE_QUEUE:-masterpiece}"
.venv/bin/celery --app wsgi:celery_app worker --beat --loglevel INFO \
  --without-mingle --without-gossip -n instant@%h &
WORKER_WARM_UP=false .venv/bin/celery --app wsgi:celery_app worker --loglevel INFO --queues "$MASTERPIECE_QUEUE" \
  --without-mingle --without-gossip -n masterpiece@%h &
.venv/bin/flask --app wsgi run --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}" &
wait -n
