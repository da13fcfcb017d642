#!/usr/bin/env bash
# E-mail subscriptions (issue 13): how long queuing the weekly digest for N subscribers
# takes — every message written (text and HTML, its own manage link), put in the outbox
# with its send_mail job and paced to subscription_mails_per_minute — on SQLite and on
# a throwaway PostgreSQL, in one run. The budget is 2 s for 10,000 subscribers.
#
#   bench/subscriptions.sh [--subscribers 10000] [--per-minute 600] [--debug]
#
# Release build unless --debug; the work is crates/lykta/examples/subscription_digest.rs.
set -euo pipefail

SUBSCRIBERS=10000
PER_MINUTE=600
PROFILE=release
while [ $# -gt 0 ]; do
  case "$1" in
    --subscribers) SUBSCRIBERS=$2; shift 2 ;;
    --per-minute) PER_MINUTE=$2; shift 2 ;;
    --debug) PROFILE=debug; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if [ "$PROFILE" = release ]; then
  cargo build --release --quiet -p lykta --example subscription_digest
else
  cargo build --quiet -p lykta --example subscription_digest
fi
RUN="$repo/target/$PROFILE/examples/subscription_digest"
work=$(mktemp -d /tmp/lykta-subs-bench.XXXXXX)
# shellcheck source=scripts/pg-throwaway
source "$repo/scripts/pg-throwaway"
cleanup() { pg_throwaway_stop 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "digest to $SUBSCRIBERS subscribers, $PER_MINUTE a minute ($PROFILE build)"
printf '%-11s %s\n' "database" "result"
mkdir -p "$work/sqlite"
printf '%-11s %s\n' "SQLite" "$("$RUN" --database-url "sqlite://$work/sqlite/lykta.db" --data-dir "$work/sqlite" \
  --subscribers "$SUBSCRIBERS" --per-minute "$PER_MINUTE")"
pg_throwaway_start >/dev/null
mkdir -p "$work/pg"
printf '%-11s %s\n' "PostgreSQL" "$("$RUN" --database-url "$PG_THROWAWAY_URL" --data-dir "$work/pg" \
  --subscribers "$SUBSCRIBERS" --per-minute "$PER_MINUTE")"
