#!/bin/sh
# Publish→consume throughput of the exchange broker over REST, next to RabbitMQ on the same
# machine in the same run (bench/README.md, "Exchange broker over REST vs RabbitMQ"). Each mode
# runs W s of warm-up (WARMUP, not counted: the platform's JIT, and the load clients', start
# cold) and then D s (the argument), on both sides:
#   RabbitMQ: the distribution's rabbitmq-server (apt; installed if missing, started if not
#             running and then stopped again before the platform's half), PerfTest
#             (com.rabbitmq:perf-test from Maven Central), 100 B messages, --confirm C (at most C
#             unconfirmed publishes), manual acks (PerfTest acks each message), --qos P:
#               direct:     1 producer, 1 consumer, exchange bench.direct, queue bench.direct.q,
#                           transient messages, non-durable auto-delete queue
#               fanout:     1 producer to fanout exchange bench.fanout bound to 3 queues
#                           (bench.fanout.q-1..3), 3 consumers (one per queue), as direct
#               persistent: as direct on exchange bench.persistent, but a durable queue
#                           bench.persistent.q (not auto-delete) and persistent messages
#                           (deliveryMode 2); the queue is deleted before and after
#             Its per-second samples after the warm-up are averaged: confirmed publishes, and
#             received messages summed over the consumers.
#   Platform: the jar with its own data directory, ExchangeRestBenchmark for the same modes and
#             names: C publish requests in flight (each answered once queued = the confirm), one
#             consumer per queue with prefetch P that gets up to P and acks the batch with
#             multiple:true; persistent mode declares the exchange and queue durable and
#             publishes with deliveryMode 2 (kept in memory until the platform persists them).
#             Each mode deletes what it declared at the end. All modes run in one platform
#             JVM, after a discarded warm-up run (PLATFORM_WARMUP).
# Prints msg/s per system and mode and the ratio platform/RabbitMQ.
#
# Usage: bench/exchange-rest.sh [--rabbit-only | --platform-only] [seconds]   (default 20)
# Needs root or a running rabbitmq-server (for the RabbitMQ half), a JDK 21+ (Temurin 25 on the
# dev VM), curl, Maven Central (PerfTest is fetched into bench/target/rabbitmq/lib on first use)
# and, for the platform half, the jar (./mvnw -q -DskipTests package).
# Environment: MODES (default "direct fanout persistent"), CONCURRENCY (4: publishes in flight =
# PerfTest --confirm), PREFETCH (100), WARMUP (10 s), PLATFORM_WARMUP (30 s: a discarded direct
# run once the platform is up, before its modes; 0: none), JAVA_OPTS (platform JVM, default
# -XX:+UseZGC, as the Dockerfile runs it), JAR (default target/infra-platform-*.jar), JAVA
# (default Temurin 25 if installed, else java on PATH), STOP_RABBIT (1: stop a rabbitmq-server
# this script started, and the Erlang port mapper epmd if it was not running before; 0: leave them).
set -eu

mode=both
case "${1:-}" in
    --rabbit-only) mode=rabbit; shift ;;
    --platform-only) mode=platform; shift ;;
    -*) echo "usage: $0 [--rabbit-only | --platform-only] [seconds]" >&2; exit 2 ;;
esac
seconds="${1:-20}"
size=100
concurrency="${CONCURRENCY:-4}"
prefetch="${PREFETCH:-100}"
warmup="${WARMUP:-10}"
platform_warmup="${PLATFORM_WARMUP:-30}"
modes="${MODES:-direct fanout persistent}"
for m in $modes; do
    case "$m" in
        direct|fanout|persistent) ;;
        *) echo "MODES: direct, fanout and/or persistent, not $m" >&2; exit 2 ;;
    esac
done

here="$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=platform.sh source-path=SCRIPTDIR
. "$here/platform.sh" # java_bin, pids, stop, stop_all and the platform's start-up
work="$root/bench/target/exchange-rest"
rabbit_lib="$root/bench/target/rabbitmq/lib"
rabbit_uri="amqp://guest:guest@127.0.0.1:5672"
platform_port=8393
base="http://127.0.0.1:$platform_port"

command -v curl >/dev/null || { echo "missing curl" >&2; exit 1; }
mkdir -p "$work"

rabbit_pid=""     # a rabbitmq-server this script started and has not stopped yet
epmd_was_running=1

stop_rabbit() {
    [ -n "$rabbit_pid" ] || return 0
    p="$rabbit_pid"; rabbit_pid=""
    if [ "${STOP_RABBIT:-1}" != 1 ]; then
        echo "leaving rabbitmq-server running (STOP_RABBIT=${STOP_RABBIT})"
        return 0
    fi
    echo "stopping rabbitmq-server"
    # shutdown returns once the node's VM has exited; the wait reaps the wrapper started below.
    rabbitmqctl -q shutdown >/dev/null 2>&1 || kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
    # The Erlang port mapper, started with the node (or by rabbitmqctl), outlives it.
    [ "$epmd_was_running" = 1 ] || epmd -kill >/dev/null 2>&1 || true
}

cleanup() {
    stop_all
    stop_rabbit
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Result lines: "system mode published/s consumed/s", one file per half.

rabbit_half() {
    rwork="$work/rabbitmq"
    rm -rf "$rwork" "$work/rabbit.results"
    mkdir -p "$rwork"
    # Before any rabbitmqctl: a CLI call starts epmd as well.
    pgrep -x epmd >/dev/null 2>&1 || epmd_was_running=0
    if ! command -v rabbitmqctl >/dev/null 2>&1; then
        [ "$(id -u)" = 0 ] || { echo "rabbitmq-server is not installed; run as root to have it installed (apt)" >&2; exit 1; }
        echo "installing rabbitmq-server (apt)"
        { apt-get update && apt-get install -y rabbitmq-server; } > "$rwork/apt.log" 2>&1 \
            || { cat "$rwork/apt.log" >&2; exit 1; }
        # Where the package's scripts start the service, stop it: the script runs its own, below.
        rabbitmqctl -q shutdown >/dev/null 2>&1 || true
    fi
    if ! rabbitmqctl -q status >/dev/null 2>&1; then
        [ "$(id -u)" = 0 ] || { echo "rabbitmq-server is not running; start it, or run as root" >&2; exit 1; }
        echo "starting rabbitmq-server"
        # In the foreground under the package's wrapper (which runs it as user rabbitmq), as a child.
        rabbitmq-server < /dev/null > "$rwork/rabbitmq-server.out" 2>&1 &
        rabbit_pid=$!
        i=0
        until rabbitmqctl -q await_startup --timeout 60 >/dev/null 2>&1; do
            kill -0 "$rabbit_pid" 2>/dev/null || { rabbit_pid=""; echo "rabbitmq-server exited; see $rwork/rabbitmq-server.out and /var/log/rabbitmq" >&2; exit 1; }
            i=$((i + 1)); [ "$i" -lt 120 ] || { echo "rabbitmq-server not up after 60 s; see /var/log/rabbitmq" >&2; exit 1; }
            sleep 0.5 # polling a server that is starting: await_startup fails until the node is reachable
        done
    fi
    rabbit_version="$(rabbitmqctl -q version 2>/dev/null || echo '?')"
    if ! ls "$rabbit_lib"/perf-test-*.jar >/dev/null 2>&1; then
        echo "fetching PerfTest into $rabbit_lib"
        "$root/mvnw" -q -f "$root/bench/rabbitmq/pom.xml" dependency:copy-dependencies
    fi
    for jar in "$rabbit_lib"/perf-test-*.jar; do perftest_version="${jar##*/perf-test-}"; done
    echo "RabbitMQ $rabbit_version, PerfTest ${perftest_version%.jar}"

    perftest() { # mode args...
        m="$1"; shift
        "$java_bin" -Xmx512m -cp "$rabbit_lib/*" com.rabbitmq.perf.PerfTest --uri "$rabbit_uri" \
            -s "$size" --confirm "$concurrency" --qos "$prefetch" -z "$((warmup + seconds))" "$@" \
            > "$rwork/$m.txt" 2>&1 \
            || { cat "$rwork/$m.txt" >&2; exit 1; }
        # A line a second: "id: …, time 6.001 s, sent: N msg/s, confirmed: N msg/s, nacked: N msg/s,
        # received: N msg/s, …latency…". Those of the seconds after the warm-up are averaged.
        # PerfTest's own summary ("sending rate avg", "receiving rate avg") includes the warm-up.
        awk -v from="$warmup" -v to="$((warmup + seconds))" -v m="$m" -v results="$work/rabbit.results" '
            / time [0-9.]+ s, sent: / {
                for (i = 1; i < NF; i++) {
                    if ($i == "time") t = $(i + 1); else if ($i == "confirmed:") c = $(i + 1)
                    else if ($i == "nacked:") k = $(i + 1); else if ($i == "received:") r = $(i + 1)
                }
                if (t > from + 0.5 && t < to + 0.5) { n++; cs += c; ks += k; rs += r }
            }
            /sending rate avg:|receiving rate avg:/ { sub(/^id: [^,]*, /, ""); summary = summary "; " $0 }
            END {
                if (n == 0) { printf "no PerfTest samples after the warm-up; see %s.txt\n", m; exit 1 }
                printf "  %s: %d samples: confirmed %.0f msg/s, received %.0f msg/s, nacked %.0f msg/s\n", m, n, cs / n, rs / n, ks / n
                printf "  (PerfTest over the whole run, warm-up included%s)\n", summary
                printf "rabbitmq %s %.0f %.0f\n", m, cs / n, rs / n >> results
            }' "$rwork/$m.txt"
    }
    for m in $modes; do
        case "$m" in
            direct)
                echo "PerfTest direct: 1 producer, 1 consumer, $size B, --confirm $concurrency, manual acks, --qos $prefetch, ${warmup} s warm-up + $seconds s"
                perftest direct -x 1 -y 1 -e bench.direct -t direct -u bench.direct.q -k bench ;;
            fanout)
                echo "PerfTest fanout: 1 producer, fanout exchange to 3 queues, 3 consumers, otherwise as direct"
                perftest fanout -x 1 -y 3 -e bench.fanout -t fanout -qp 'bench.fanout.q-%d' -qpf 1 -qpt 3 ;;
            persistent)
                echo "PerfTest persistent: as direct, durable queue, persistent messages"
                rabbitmqctl -q delete_queue bench.persistent.q >/dev/null 2>&1 || true
                perftest persistent -x 1 -y 1 -e bench.persistent -t direct -u bench.persistent.q -k bench \
                    --auto-delete false --flag persistent
                rabbitmqctl -q list_queues name durable auto_delete messages 2>/dev/null \
                    | awk '$1 == "bench.persistent.q" { print "  queue " $1 ": durable " $2 ", auto_delete " $3 ", " $4 " messages left" }'
                rabbitmqctl -q delete_queue bench.persistent.q >/dev/null 2>&1 || true ;;
        esac
    done

    stop_rabbit
}

platform_half() {
    find_jar "$root/target"
    pwork="$work/platform"
    rm -rf "$pwork" "$work/platform.results"
    mkdir -p "$pwork"

    compile_client "$root" "$work" \
        "$root/bench/src/main/java/dev/infraplatform/bench/ExchangeRestBenchmark.java" \
        "$root/bench/src/main/java/dev/infraplatform/bench/HttpConnection.java"

    start_platform "$platform_port" "$pwork/data" "$pwork/platform.log"
    await_platform "$base" "$platform_pid" "$pwork/platform.log"

    # One JVM serves every mode: left cold, the first mode would pay for the JIT compiling the
    # REST path that the later ones reuse. A discarded direct run first (PLATFORM_WARMUP seconds).
    if [ "$platform_warmup" -gt 0 ]; then
        echo "Platform warm-up: ExchangeRestBenchmark direct for $platform_warmup s, not counted"
        "$java_bin" -Xmx512m -cp "$client_cp" dev.infraplatform.bench.ExchangeRestBenchmark \
            "$base" direct "$platform_warmup" "$size" "$concurrency" "$prefetch" --warmup=0 \
            > "$pwork/warmup.txt" 2>&1 \
            || { cat "$pwork/warmup.txt" >&2; echo "the load client failed; the platform's log: $pwork/platform.log" >&2; exit 1; }
        grep -v '^RESULT' "$pwork/warmup.txt" | tail -n 1 | sed 's/^/  /'
    fi

    for m in $modes; do
        echo "Platform $m: ExchangeRestBenchmark, $size B, $concurrency publishes in flight, prefetch $prefetch, ${warmup} s warm-up + $seconds s"
        { "$java_bin" -Xmx512m -cp "$client_cp" dev.infraplatform.bench.ExchangeRestBenchmark \
            "$base" "$m" "$seconds" "$size" "$concurrency" "$prefetch" --warmup="$warmup" \
            || echo "$?" > "$pwork/client.failed"; } > "$pwork/$m.txt" 2>&1
        [ ! -f "$pwork/client.failed" ] || { cat "$pwork/$m.txt" >&2; echo "the load client failed; the platform's log: $pwork/platform.log" >&2; exit 1; }
        grep -v '^RESULT' "$pwork/$m.txt" | tail -n 1 | sed 's/^/  /'
        awk '$1 == "RESULT" { print "platform", $2, $3, $4 }' "$pwork/$m.txt" >> "$work/platform.results"
    done

    stop "$platform_pid"
}

print_machine "load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
[ "$mode" = platform ] || rabbit_half
[ "$mode" = rabbit ] || platform_half
echo "load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)"

# The table. A half that was not run this time is taken from the previous run's results, if any.
echo
[ "$mode" = both ] || echo "(only the $mode half ran now; the other half's rows, if shown, are from an earlier run)"
cat "$work/rabbit.results" "$work/platform.results" 2>/dev/null | awk '
    { sys[NR] = $1; m[NR] = $2; s[NR] = $3; r[NR] = $4
      if ($1 == "rabbitmq") { rs[$2] = $3; rr[$2] = $4 } }
    END {
        printf "%-9s %-10s %12s %12s %10s %10s\n", "system", "mode", "publish/s", "consume/s", "pub vs RMQ", "con vs RMQ"
        for (i = 1; i <= NR; i++) {
            a = "-"; b = "-"
            if (sys[i] == "platform" && rs[m[i]] > 0) a = sprintf("%.1f%%", 100 * s[i] / rs[m[i]])
            if (sys[i] == "platform" && rr[m[i]] > 0) b = sprintf("%.1f%%", 100 * r[i] / rr[m[i]])
            printf "%-9s %-10s %12.0f %12.0f %10s %10s\n", sys[i], m[i], s[i], r[i], a, b
        }
        print "(publish/s: confirmed publishes; consume/s: messages acked, summed over the 3 queues in fanout mode)"
    }'
