#!/usr/bin/env bash
# Writing benchmark (issue #18): concurrent writers with readers alongside, on SQLite and
# on PostgreSQL, in one run.
#
#   bench/write.sh [--seconds 10] [--writers "0 8 32 128"] [--readers 8] [--pin]   (0: readers alone, the quiet figure)
#   bench/write.sh --flood "0 300 1000 3000" [--read-rate 1000] [--pin]              (the flood benchmark)
#   [--warmup 3]: seconds of reading before each measured run, on the freshly started server
#
# Half the writers post comments as readers (each request from an address of its own,
# through a trusted-proxy header, so per-address limits do not hide the database), half
# save drafts of their own; the readers fetch the blog's front page and a post. For each
# database and number of writers it prints writes/s, writers' and readers' p99, reads/s
# and the answers: ok, 4xx (refusals such as rate limits) and 5xx — the goal is 0 5xx.
# Release build; the load generator is crates/lykta/examples/write_load.rs.
# --flood: instead of writers, --readers readers sharing --read-rate requests a second on a fixed schedule while a
# comment flood arrives at each given rate (comments a second, open loop, every request from
# an address and e-mail of its own); rate 0 is the quiet figure readers' p99 is compared with.
# The issue's observed flood was 8,597 comments in 60 s, about 140 a second.
# --pin: the server and PostgreSQL on CPU 0, the load generator on CPU 1 (taskset), so the
# generator's own work does not land on the server's core; on a two-core machine the
# closest thing to a generator on another machine.
set -euo pipefail

SECONDS_EACH=10
WRITERS="0 8 32 128"
READERS=8
PIN=0
FLOOD=""
READ_RATE=1000
WARMUP=3
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --writers) WRITERS=$2; shift 2 ;;
    --readers) READERS=$2; shift 2 ;;
    --pin) PIN=1; shift ;;
    --flood) FLOOD=$2; shift 2 ;;
    --read-rate) READ_RATE=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
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
  local runs=()
  if [ -n "$FLOOD" ]; then
    for f in $FLOOD; do runs+=("--writers 0 --readers $READERS --read-rate $READ_RATE --flood-rate $f"); done
  else
    for w in $WRITERS; do runs+=("--writers $w --readers $READERS"); done
  fi
  local i=0
  for run in "${runs[@]}"; do
    i=$((i + 1))
    local port; port=$(free_port)
    LYKTA_LOG=error "${SERVER_CPU[@]}" "$LYKTA" --config "$work/lykta.toml" --data-dir "$dir" --database-url "$url" serve --listen "127.0.0.1:$port" >"$work/$name-$i.log" 2>&1 &
    pid=$!
    wait_up "http://127.0.0.1:$port/healthz"
    # Warm up before measuring: a node's first seconds (connection pool filling, caches empty,
    # the worker catching up) stall readers for 0.1–0.3 s, which no flood causes.
    "${LOAD_CPU[@]}" "$LOAD" --base "http://127.0.0.1:$port" --writers 0 --readers "$READERS" --seconds "$WARMUP" --blog-id "$blog_id" >/dev/null
    local line
    # shellcheck disable=SC2086 # $run is a list of options
    line=$("${LOAD_CPU[@]}" "$LOAD" --base "http://127.0.0.1:$port" $run --seconds "$SECONDS_EACH" --blog-id "$blog_id")
    printf '%-10s %s\n' "$name" "$line"
    # A 5xx other than 503 is a fault: show what the server said of it.
    grep -m3 -E 'internal error|panicked' "$work/$name-$i.log" >&2 || true
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
