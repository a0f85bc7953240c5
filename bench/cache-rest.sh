#!/bin/sh
# REST GET/SET throughput and latency of the cache, next to Webdis in front of a real redis-server,
# same machine, same run, same load (bench/README.md, "Cache over REST"):
#   wrk -t2 -c50 (50 connections), random keys out of 10,000, 32-byte values,
#   a warm-up run per endpoint, then a measured run; prints requests/s and p50/p99 per endpoint.
# Both sides keep an append-only file with fsync every second (Redis: appendonly yes,
# appendfsync everysec; the platform: its default infra.cache.persistence.aof-fsync=everysec).
# Needs: redis-server, webdis, wrk (apt-get install -y redis-server webdis wrk), a JDK 21+,
# and the jar (./mvnw -q -DskipTests package). Usage: bench/cache-rest.sh [seconds] (default 20)
# The platform's JVM options come from JAVA_OPTS (default -XX:+UseZGC, as the Dockerfile runs it);
# WARMUP (default 5) is the warm-up run per endpoint in seconds (the platform's JIT needs ~30 s
# on two cores to reach its steady speed). The last row, servlet-ceiling-get, is the same GET load
# against the embedded Tomcat alone with a fixed reply (ServletCeiling): what the container serves
# on this machine before any of the platform's work.
set -eu

duration="${1:-20}"
warmup="${WARMUP:-5}"
here="$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)"
root="$(dirname "$here")"
work="$root/bench/target/cache-rest"
# shellcheck source=bench/platform.sh
. "$here/platform.sh"
redis_port=6391
webdis_port=7391
platform_port=8391
ceiling_port=8491

for tool in redis-server redis-cli webdis wrk curl; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y redis-server webdis wrk curl" >&2; exit 1; }
done
find_jar "$root/target"

rm -rf "$work" && mkdir -p "$work/redis" "$work/platform"
trap stop_all EXIT INT TERM
compile_client "$root" "$work" "$root"/bench/src/main/java/dev/infraplatform/bench/ServletCeiling.java

redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work/redis" --save "" \
    --appendonly yes --appendfsync everysec --daemonize no --logfile "$work/redis.log" &
pids="$pids $!"

cat > "$work/webdis.json" <<EOF
{ "redis_host": "127.0.0.1", "redis_port": $redis_port, "http_host": "127.0.0.1",
  "http_port": $webdis_port, "threads": 2, "pool_size": 20, "daemonize": false,
  "database": 0, "verbosity": 0, "logfile": "$work/webdis.log" }
EOF
webdis "$work/webdis.json" &
pids="$pids $!"

start_platform "$platform_port" "$work/platform" "$work/platform.log"

wait_for() { # url [curl options...]
    url="$1"; shift
    i=0
    until curl -fsS -o /dev/null "$@" "$url" 2>/dev/null; do
        i=$((i + 1)); [ "$i" -lt 600 ] || { echo "not up: $url" >&2; exit 1; }
        sleep 0.1 # polling a server that is starting; nothing to signal on
    done
}
wait_for "http://127.0.0.1:$webdis_port/PING"
await_platform "http://127.0.0.1:$platform_port" "$platform_pid" "$work/platform.log"

# wrk scripts: random key out of 10,000 per request.
cat > "$work/webdis-set.lua" <<'EOF'
request = function() return wrk.format("GET", "/SET/key:" .. math.random(1, 10000) .. "/vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv") end
EOF
cat > "$work/webdis-get.lua" <<'EOF'
request = function() return wrk.format("GET", "/GET/key:" .. math.random(1, 10000)) end
EOF
cat > "$work/platform-set.lua" <<'EOF'
local headers = { ["Content-Type"] = "application/json" }
request = function()
  return wrk.format("POST", "/api/v1/cache/commands", headers,
    '["SET","key:' .. math.random(1, 10000) .. '","vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"]')
end
EOF
cat > "$work/platform-get.lua" <<'EOF'
local headers = { ["Content-Type"] = "application/json" }
request = function()
  return wrk.format("POST", "/api/v1/cache/commands", headers, '["GET","key:' .. math.random(1, 10000) .. '"]')
end
EOF
cat > "$work/platform-typed-get.lua" <<'EOF'
request = function() return wrk.format("GET", "/api/v1/cache/strings/key:" .. math.random(1, 10000)) end
EOF

# Prints "requests/s p50 p99" from wrk --latency output.
summary() { awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print rps, p50, p99}'; }

run() { # name url script
    wrk -t2 -c50 -d"${warmup}s" -s "$3" "$2" >/dev/null # warm-up (JIT, connection pools)
    out="$(wrk -t2 -c50 -d"${duration}s" --latency -s "$3" "$2")"
    printf '%s\n' "$out" > "$work/$1.wrk.txt"
    errors="$(printf '%s\n' "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')"
    printf '%-24s %s %s\n' "$1" "$(printf '%s\n' "$out" | summary)" "$errors"
}

print_machine "redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), wrk -t2 -c50 -d${duration}s after ${warmup}s"
echo "endpoint                 requests/s p50 p99"
run webdis-set "http://127.0.0.1:$webdis_port" "$work/webdis-set.lua"
run webdis-get "http://127.0.0.1:$webdis_port" "$work/webdis-get.lua"
run platform-set "http://127.0.0.1:$platform_port" "$work/platform-set.lua"
run platform-get "http://127.0.0.1:$platform_port" "$work/platform-get.lua"
if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$platform_port/api/v1/cache/strings/key:1")" = 200 ]; then
    run platform-typed-get "http://127.0.0.1:$platform_port" "$work/platform-typed-get.lua"
fi
# the container's ceiling: the same Tomcat and JVM options, one servlet with a fixed reply
stop "$platform_pid"
# JAVA_OPTS is a list of options, split into words on purpose.
# shellcheck disable=SC2086
"$java_bin" ${JAVA_OPTS:--XX:+UseZGC} -cp "$client_cp" dev.infraplatform.bench.ServletCeiling "$ceiling_port" \
    > "$work/ceiling.log" 2>&1 &
pids="$pids $!"
wait_for "http://127.0.0.1:$ceiling_port/api/v1/cache/commands" -d '[]'
run servlet-ceiling-get "http://127.0.0.1:$ceiling_port" "$work/platform-get.lua"
