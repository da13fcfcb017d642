#!/usr/bin/env bash
# Search benchmark (issue 13): N generated Swedish posts in Lykta's search index (tantivy),
# SQLite FTS5 and PostgreSQL full-text search (`swedish` configuration), the same queries at
# C concurrent clients against each in one run, uncached: queries/s, p50, p99, the ratios,
# build times and resident memory. Then, unless --reindex-posts 0, a full `lykta search
# reindex` of a data folder with that many posts (made with `lykta demo generate`), timed.
#
# The posts are real Swedish (crates/lykta/examples/search_load/corpus.rs): ~300 nouns in
# their four forms and 4,000 compounds of them, verbs and adjectives in their forms, drawn
# with Zipf-like frequencies between the little words (≈17,000 word forms), ~150 words a
# post, a title and 1–3 tags, 20 blogs, 200 authors. The 400 queries are like readers': 45 %
# one content word in some form, 25 % two, 10 % a phrase from a title, 10 % a prefix, 10 %
# a word with a typo. The run prints how many posts each engine finds per query (no hits,
# median, p90, max) so the figures can be judged, and Lykta's cost per query alone.
#
#   bench/search.sh [--posts 100000] [--clients 64] [--seconds 10] [--reindex-posts 100000]
#
# Release build; the generator and load are crates/lykta/examples/search_load/; PostgreSQL
# is a throwaway cluster (scripts/pg-throwaway).
set -euo pipefail

POSTS=100000
CLIENTS=64
SECS=10
REINDEX_POSTS=100000
while [ $# -gt 0 ]; do
  case "$1" in
    --posts) POSTS=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --seconds) SECS=$2; shift 2 ;;
    --reindex-posts) REINDEX_POSTS=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
cargo build --release --quiet -p lykta --bin lykta --example search_load
LYKTA="$repo/target/release/lykta"
LOAD="$repo/target/release/examples/search_load"
work=$(mktemp -d /tmp/lykta-search-bench.XXXXXX)
# shellcheck source=scripts/pg-throwaway
source "$repo/scripts/pg-throwaway"
cleanup() { pg_throwaway_stop 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
pg_throwaway_start >/dev/null

echo "== engines side by side ($(nproc) cores; load average $(cut -d' ' -f1 /proc/loadavg))"
"$LOAD" --posts "$POSTS" --clients "$CLIENTS" --seconds "$SECS" --postgres "$PG_THROWAWAY_URL"

if [ "$REINDEX_POSTS" -gt 0 ]; then
  echo
  echo "== lykta search reindex with $REINDEX_POSTS generated posts (SQLite)"
  "$LYKTA" --data-dir "$work/data" demo generate --posts "$REINDEX_POSTS" >/dev/null
  rm -rf "$work/data/search"
  /usr/bin/time -f "reindex: %e s wall, %M KB peak resident" "$LYKTA" --data-dir "$work/data" search reindex
fi
