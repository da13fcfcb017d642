#!/usr/bin/env bash
# Reading benchmark (issue #6): Lykta against nginx serving the very same
# bytes as static files, side by side in one run, with `wrk` on loopback.
#
#   bench/read.sh [--duration 10s] [--connections 64] [--posts 10000]   (RUNS=3)
#
# Each figure is the median of RUNS runs, nginx and Lykta interleaved so that
# machine noise hits both. Prints one table: requests/s, p50, p99 and resident memory for each page,
# cached and uncached, and the ratio against nginx; then start-up time and
# memory with a large generated data set. Installs wrk and nginx if missing.
set -euo pipefail

DURATION=10s
CONNECTIONS=64
POSTS=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --posts) POSTS=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

cargo build --release --quiet -p lykta
LYKTA="$repo/target/release/lykta"
work=$(mktemp -d /tmp/lykta-bench.XXXXXX)
chmod 755 "$work"  # nginx workers run as an unprivileged user
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 400); do curl -fs -o /dev/null "$1" && return 0; sleep 0.025; done; echo "server at $1 did not start" >&2; return 1; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }

# wrk → "rps p50_ms p99_ms"
bench_once() {
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$1" 2>/dev/null | awk '
    function ms(v) { if (v ~ /us$/) { sub(/us$/,"",v); return v/1000 } if (v ~ /ms$/) { sub(/ms$/,"",v); return v+0 } if (v ~ /s$/) { sub(/s$/,"",v); return v*1000 } return v }
    /Requests\/sec/ { rps=$2 } / 50%/ { p50=ms($2) } / 99%/ { p99=ms($2) }
    END { printf "%d %.2f %.2f\n", rps, p50, p99 }'
}

# Column-wise medians of $RUNS runs (each server's runs interleaved by the caller).
RUNS=${RUNS:-3}
declare -A results
record() { results[$1]+="$(bench_once "$2")"$'\n'; }
median() {
  local col out=()
  for col in 1 2 3; do
    out+=("$(printf '%s' "${results[$1]}" | sed '/^$/d' | awk -v c="$col" '{ print $c }' | sort -g | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }')")
  done
  echo "${out[*]}"
}

start_lykta() { # data_dir port extra-env...
  local dir=$1 port=$2; shift 2
  env "$@" LYKTA_LOG=warn "$LYKTA" serve --data-dir "$dir" --listen "127.0.0.1:$port" >"$work/lykta-$port.log" 2>&1 &
  echo $!
}

# 1. The demo, cached and uncached, against nginx on the same bytes.
demo="$work/demo"
port=$(free_port)
"$LYKTA" --data-dir "$demo" demo generate --posts 0 >/dev/null
pid=$(start_lykta "$demo" "$port"); pids+=("$pid")
base="http://127.0.0.1:$port"
wait_up "$base/healthz"
pages=(/rontgenbloggen/en-dag-pa-akutrontgen /rontgenbloggen/ /rontgenbloggen/feed.atom)
root="$work/static"
for p in "${pages[@]}"; do
  f="$root$p"; [[ "$p" == */ ]] && f="${f}index.html"
  mkdir -p "$(dirname "$f")"; curl -fs "$base$p" -o "$f"
done
chmod -R a+rX "$root"
nport=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  types { application/atom+xml atom; }
  server { listen 127.0.0.1:$nport; root $root; index index.html; }
}
CONF
"$NGINX" -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait_up "http://127.0.0.1:$nport/rontgenbloggen/"
printf '%-40s %9s %8s %8s %8s %8s %8s\n' "page (size)" "req/s" "p50 ms" "p99 ms" "RSS MB" "×nginx" "p99×"
for p in "${pages[@]}"; do
  size=$(curl -fs "$base$p" | wc -c)
  for _ in $(seq 1 "$RUNS"); do record "n$p" "http://127.0.0.1:$nport$p"; record "l$p" "$base$p"; done
  read -r nr n50 n99 < <(median "n$p")
  read -r lr l50 l99 < <(median "l$p")
  mem=$(rss_mb "$pid")
  printf '%-40s %9s %8s %8s %8s %8s %8s\n' "nginx $p ($((size/1024)) KiB)" "$nr" "$n50" "$n99" "-" "1.00" "1.00"
  printf '%-40s %9s %8s %8s %8s %8s %8s\n' "lykta cached $p" "$lr" "$l50" "$l99" "$mem" \
    "$(awk -v a="$lr" -v b="$nr" 'BEGIN{printf "%.2f", a/b}')" "$(awk -v a="$l99" -v b="$n99" 'BEGIN{printf "%.2f", a/b}')"
done
kill "$pid"; wait "$pid" 2>/dev/null || true
port=$(free_port)
pid=$(start_lykta "$demo" "$port" LYKTA_PAGE_CACHE=false); pids+=("$pid")
wait_up "http://127.0.0.1:$port/healthz"
p=/rontgenbloggen/en-dag-pa-akutrontgen
for _ in $(seq 1 "$RUNS"); do record "u$p" "http://127.0.0.1:$port$p"; done
read -r ur u50 u99 < <(median "u$p")
printf '%-40s %9s %8s %8s %8s %8s %8s\n' "lykta uncached $p" "$ur" "$u50" "$u99" "$(rss_mb "$pid")" "-" "-"
kill "$pid"; wait "$pid" 2>/dev/null || true

# 2. A large data set: start-up time and memory.
big="$work/big"
echo >&2 "generating $POSTS posts…"
"$LYKTA" --data-dir "$big" demo generate --posts "$POSTS" >/dev/null
port=$(free_port)
t0=$(date +%s%N)
pid=$(start_lykta "$big" "$port"); pids+=("$pid")
wait_up "http://127.0.0.1:$port/rontgenbloggen/"
t1=$(date +%s%N)
record big "http://127.0.0.1:$port/rontgenbloggen/"
read -r br b50 b99 < <(median big)
printf '\nwith %s posts: start to first served page %d ms; /rontgenbloggen/ %s req/s, p99 %s ms; RSS %s MB after load\n' \
  "$POSTS" $(( (t1 - t0) / 1000000 )) "$br" "$b99" "$(rss_mb "$pid")"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); commit $(git rev-parse --short HEAD); $(date -u +%F)"
