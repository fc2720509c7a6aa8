#!/usr/bin/env bash
# `make run`: the site and its worker together on the embedded defaults.
# Ctrl-C or SIGTERM stops every part within 10 s: a job being painted goes back
# to the queue (its row is released, and its message was never acknowledged).
set -euo pipefail
cd "$(dirname "$0")/.."
export FLASK_APP=wsgi

stop() {
  trap - INT EXIT
  trap '' TERM            # this script outlives the TERM it sends to its own group...
  kill -TERM 0 2>/dev/null || true
  local deadline=$((SECONDS + 7))
  while [ -n "$(jobs -pr)" ] && ((SECONDS < deadline)); do
    sleep 0.2             # ...and gives every part up to 7 s to stop cleanly,
  done
  [ -z "$(jobs -pr)" ] && exit 0
  echo "run.sh: still running 7 s after the stop, ended: $(jobs -pr | tr "\n" " ")" >&2
  kill -KILL 0            # then ends what is left (a job row is already back in the queue)
}
trap stop INT TERM EXIT
# Masterpieces (minutes each) get a worker of their own, so instant jobs never wait behind one.
export MASTERPIECE_QUEUE="${MASTERPIECE_QUEUE:-masterpiece}"
.venv/bin/celery --app wsgi:celery_app worker --beat --loglevel INFO \
  --without-mingle --without-gossip -n instant@%h &
WORKER_WARM_UP=false .venv/bin/celery --app wsgi:celery_app worker --loglevel INFO --queues "$MASTERPIECE_QUEUE" \
  --without-mingle --without-gossip -n masterpiece@%h &
.venv/bin/flask --app wsgi run --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}" &
wait -n
