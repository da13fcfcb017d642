#!/usr/bin/env bash
# Writing benchmark (issue #18): concurrent writers with readers alongside, on SQLite and
# on PostgreSQL, in one run.
#
#   bench/write.sh [--seconds 10] [--writers "0 8 32 128"] [--readers 8] [--pin]   (0: readers alone, the quiet figure)
#
# Half the writers post comments as readers (each request from an address of its own,
# through a trusted-proxy header, so per-address limits do not hide the database), half
# save drafts of their own; the readers fetch the blog's front page and a post. For each
# database and number of writers it prints writes/s, writers' and readers' p99, reads/s
# and the answers: ok, 4xx (refusals such as rate limits) and 5xx — the goal is 0 5xx.
# Release build; the load generator is crates/lykta/examples/write_load.rs.
# --pin: the server and PostgreSQL on CPU 0, the load generator on CPU 1 (taskset), so the
# generator's own work does not land on the server's core; on a two-core machine the
# closest thing to a generator on another machine.
set -euo pipefail

SECONDS_EACH=10
WRITERS="0 8 32 128"
READERS=8
PIN=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --writers) WRITERS=$2; shift 2 ;;
    --readers) READERS=$2; shift 2 ;;
    --pin) PIN=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

SERVER_CPU=()
LOAD_CPU=()
if [ "$PIN" = 1 ]; then
  [ "$(nproc)" -ge 2 ] || { echo "--pin needs two CPUs" >&2; exit 2; }
  SERVER_CPU=(taskset -c 0)
  LOAD_CPU=(taskset -c 1)
fi

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
cargo build --release --quiet -p lykta --bin lykta --example write_load
LYKTA="$repo/target/release/lykta"
LOAD="$repo/target/release/examples/write_load"
work=$(mktemp -d /tmp/lykta-write-bench.XXXXXX)
pid=""
# shellcheck source=scripts/pg-throwaway
source "$repo/scripts/pg-throwaway"
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; pg_throwaway_stop 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 800); do curl -fs -o /dev/null "$1" && return 0; sleep 0.025; done; echo "server at $1 did not start" >&2; return 1; }

cat >"$work/lykta.toml" <<CONF
trusted_proxies = ["127.0.0.1"]
CONF

run_backend() { # name database_url command-printing-the-blog-id...
  local name=$1 url=$2 dir="$work/$1"
  shift 2
  mkdir -p "$dir"
  "$LYKTA" --config "$work/lykta.toml" --data-dir "$dir" --database-url "$url" demo generate --posts 0 >/dev/null
  local blog_id
  blog_id=$("$@")
  for w in $WRITERS; do
    local port; port=$(free_port)
    LYKTA_LOG=error "${SERVER_CPU[@]}" "$LYKTA" --config "$work/lykta.toml" --data-dir "$dir" --database-url "$url" serve --listen "127.0.0.1:$port" >"$work/$name-$w.log" 2>&1 &
    pid=$!
    wait_up "http://127.0.0.1:$port/healthz"
    local line
    line=$("${LOAD_CPU[@]}" "$LOAD" --base "http://127.0.0.1:$port" --writers "$w" --readers "$READERS" --seconds "$SECONDS_EACH" --blog-id "$blog_id")
    printf '%-10s %s\n' "$name" "$line"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  done
}

sqlite_db="$work/sqlite/lykta.db"
run_backend sqlite "sqlite://$sqlite_db" \
  sh -c "sqlite3 '$sqlite_db' \"SELECT id FROM blogs WHERE slug = 'rontgenbloggen'\""

pg_throwaway_start
if [ "$PIN" = 1 ]; then
  # The postmaster and its helpers on the server's CPU; backends forked later inherit it.
  postmaster=$(head -1 "$PG_THROWAWAY_DIR/data/postmaster.pid")
  for p in "$postmaster" $(pgrep -P "$postmaster"); do taskset -p -c 0 "$p" >/dev/null; done
fi
PSQL="$(_pg_throwaway_bindir)/psql"
pg_url="${PG_THROWAWAY_URL%/postgres}/lykta_bench"
"$PSQL" "$PG_THROWAWAY_URL" -qc "CREATE DATABASE lykta_bench" >/dev/null
run_backend postgres "$pg_url" \
  "$PSQL" "$pg_url" -tAc "SELECT id FROM blogs WHERE slug = 'rontgenbloggen'"
