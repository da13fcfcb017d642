#!/usr/bin/env bash
# Ten deliveries against the local peers (issue 14): a post published to ten connected
# channels — three Mastodon accounts on PyPI mastodon-mock, two Bluesky accounts on the
# reference PDS (tests/atproto), two Facebook pages, one Instagram account and two LinkedIn
# organisations on tests/fakes/meta_linkedin.py — and the time from the publish answer
# until the tenth delivery is `sent`, on SQLite and on a throwaway PostgreSQL, in one run.
# Target: within 2 s.
#
#   bench/deliveries.sh [--rounds 5] [--debug] [--bin PATH]
#
# --bin runs that build of the example instead of building one (to compare two builds).
# Needs what the tests need: .venv-test (scripts/install-test-deps) and tests/atproto
# installed. Release build unless --debug; the work is crates/lykta/examples/deliveries_load.rs.
set -euo pipefail

ROUNDS=5
PROFILE=release
BIN=
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --debug) PROFILE=debug; shift ;;
    --bin) BIN=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
PY=${LYKTA_TEST_PYTHON:-$repo/.venv-test/bin/python}
ATPROTO=${LYKTA_TEST_ATPROTO_DIR:-$repo/tests/atproto}
NODE=$ATPROTO/node22/node_modules/node/bin/node
if [ -n "$BIN" ]; then
  RUN=$(readlink -f "$BIN")
  PROFILE="given build"
else
  if [ "$PROFILE" = release ]; then
    cargo build --release --quiet -p lykta --example deliveries_load
  else
    cargo build --quiet -p lykta --example deliveries_load
  fi
  RUN="$repo/target/$PROFILE/examples/deliveries_load"
fi
work=$(mktemp -d /tmp/lykta-deliveries-bench.XXXXXX)
pids=()
# shellcheck source=scripts/pg-throwaway
source "$repo/scripts/pg-throwaway"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  pg_throwaway_stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {
  for _ in $(seq 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "$1 did not answer" >&2; exit 1
}

# mastodon-mock with three accounts.
m_port=$(free_port)
mkdir -p "$work/mastodon/tmp" "$work/mastodon/data/media"
{
  printf 'domain = "127.0.0.1:%s"\nurl_scheme = "http"\nmedia_storage_path = "%s/data/media"\n' "$m_port" "$work/mastodon"
  printf '[database]\npath = "%s/data/mastodon_mock.sqlite"\n' "$work/mastodon"
  for n in 1 2 3; do
    printf '[[seed.accounts]]\nusername = "blog%s"\ndisplay_name = "Region Älvdal %s"\naccess_token = "blog%s_token"\nbot = true\n' "$n" "$n" "$n"
  done
} > "$work/mastodon/mock.toml"
(cd "$work/mastodon" && TMPDIR="$work/mastodon/tmp" HOME="$work/mastodon" \
  exec "$PY" -m mastodon_mock serve --config mock.toml --host 127.0.0.1 --port "$m_port" --log-level warning \
  >/dev/null 2>&1) &
pids+=($!)

# The reference PDS and its did:plc directory.
plc_port=$(free_port)
pds_port=$(free_port)
mkdir -p "$work/pds/blobs" "$work/pds/tmp"
(cd "$ATPROTO" && TMPDIR="$work/pds/tmp" exec "$NODE" plc.cjs "$plc_port" >/dev/null 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$plc_port/_health"
(cd "$ATPROTO" && TMPDIR="$work/pds/tmp" PDS_PORT=$pds_port PDS_HOSTNAME=localhost PDS_DEV_MODE=true \
  PDS_DATA_DIRECTORY="$work/pds" PDS_BLOBSTORE_DISK_LOCATION="$work/pds/blobs" \
  PDS_DID_PLC_URL="http://localhost:$plc_port" PDS_INVITE_REQUIRED=false PDS_JWT_SECRET=bench-jwt \
  PDS_ADMIN_PASSWORD=bench-admin PDS_DPOP_SECRET="$(printf '%064x' 7)" \
  PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX="$(printf '%064x' 12345)" PDS_RATE_LIMITS_ENABLED=false \
  LOG_ENABLED=false exec "$NODE" pds.mjs >/dev/null 2>&1) &
pids+=($!)

# Facebook, Instagram and LinkedIn.
f_port=$(free_port)
"$PY" tests/fakes/meta_linkedin.py --port "$f_port" >/dev/null 2>&1 &
pids+=($!)

wait_for "http://127.0.0.1:$m_port/api/v1/instance"
wait_for "http://127.0.0.1:$pds_port/xrpc/_health"
wait_for "http://127.0.0.1:$f_port/_fake/health"
peers=(--mastodon "http://127.0.0.1:$m_port" --pds "http://127.0.0.1:$pds_port" --fake "http://127.0.0.1:$f_port")

echo "ten deliveries (3 Mastodon, 2 Bluesky, 2 Facebook, 1 Instagram, 2 LinkedIn), $ROUNDS posts ($PROFILE build)"
printf '%-11s %s\n' "database" "result"
mkdir -p "$work/sqlite"
printf '%-11s %s\n' "SQLite" "$("$RUN" --database-url "sqlite://$work/sqlite/lykta.db" --data-dir "$work/sqlite" \
  --rounds "$ROUNDS" --label sqlite "${peers[@]}")"
pg_throwaway_start >/dev/null
mkdir -p "$work/pg"
printf '%-11s %s\n' "PostgreSQL" "$("$RUN" --database-url "$PG_THROWAWAY_URL" --data-dir "$work/pg" \
  --rounds "$ROUNDS" --label pg "${peers[@]}")"
