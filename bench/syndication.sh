#!/usr/bin/env bash
# Publishing to the spokes (issue 14): the publish request's time with 0 and with N
# connected channels chosen (publishing only writes one delivery and job per channel in
# its transaction, it never waits for a platform), and taking 1,000 replies to one copy
# into the moderation queue and the public record — on SQLite and on a throwaway
# PostgreSQL, in one run. Targets: no measurable difference; replies under 5 s.
#
#   bench/syndication.sh [--channels 10] [--replies 1000] [--rounds 9] [--debug] [--bin PATH]
#
# --bin runs that build of the example instead of building one (to compare two builds).
# Release build unless --debug; the work is crates/lykta/examples/syndication_load.rs.
# The time until ten deliveries are sent against the local peers: bench/deliveries.sh.
set -euo pipefail

CHANNELS=10
REPLIES=1000
ROUNDS=9
PROFILE=release
BIN=
while [ $# -gt 0 ]; do
  case "$1" in
    --channels) CHANNELS=$2; shift 2 ;;
    --replies) REPLIES=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --debug) PROFILE=debug; shift ;;
    --bin) BIN=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if [ -n "$BIN" ]; then
  RUN=$(readlink -f "$BIN")
  PROFILE="given build"
else
  if [ "$PROFILE" = release ]; then
    cargo build --release --quiet -p lykta --example syndication_load
  else
    cargo build --quiet -p lykta --example syndication_load
  fi
  RUN="$repo/target/$PROFILE/examples/syndication_load"
fi
work=$(mktemp -d /tmp/lykta-synd-bench.XXXXXX)
# shellcheck source=scripts/pg-throwaway
source "$repo/scripts/pg-throwaway"
cleanup() { pg_throwaway_stop 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "publish with 0 and $CHANNELS channels (median of $ROUNDS), $REPLIES replies ($PROFILE build)"
printf '%-11s %s\n' "database" "result"
mkdir -p "$work/sqlite"
printf '%-11s %s\n' "SQLite" "$("$RUN" --database-url "sqlite://$work/sqlite/lykta.db" --data-dir "$work/sqlite" \
  --channels "$CHANNELS" --replies "$REPLIES" --rounds "$ROUNDS")"
pg_throwaway_start >/dev/null
mkdir -p "$work/pg"
printf '%-11s %s\n' "PostgreSQL" "$("$RUN" --database-url "$PG_THROWAWAY_URL" --data-dir "$work/pg" \
  --channels "$CHANNELS" --replies "$REPLIES" --rounds "$ROUNDS")"
