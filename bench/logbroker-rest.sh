#!/bin/sh
# Produce and fetch throughput of the log broker over REST, next to Apache Kafka on the same
# machine in the same run (bench/README.md, "Log broker over REST vs Kafka"):
#   Kafka:    single-node KRaft broker+controller, topic "bench" with 3 partitions,
#             ProducerPerformance (N records of 100 B, acks=1, no throttling), then
#             ConsumerPerformance reading the N records back.
#   Platform: the jar with its own data directory, topic "bench" with 3 partitions created over
#             REST, LogBrokerRestBenchmark producing N records in batches of 1,000 (100-byte
#             values, 4 concurrent requests), then fetching them back partition by partition.
#   Fetch is measured on the second of two passes on both sides (the first warms up).
# Prints records/s, MB/s (10^6 bytes of record values) and latencies per system and phase, and
# the ratio platform/Kafka.
#
# Usage: bench/logbroker-rest.sh [--kafka-only | --platform-only] [records]   (default 2000000)
# Needs a JDK 21+ (Temurin 25 on the dev VM), curl, Maven Central (the Kafka jars are fetched
# into bench/target/kafka/lib on first use) and, for the platform half, the jar
# (./mvnw -q -DskipTests package).
# Environment: JAVA_OPTS (platform JVM, default -XX:+UseZGC, as the Dockerfile runs it),
# KAFKA_HEAP_OPTS (default -Xms1g -Xmx1g, as kafka-server-start.sh), CONCURRENCY (4),
# BATCH (1000), MAX_RECORDS (records per fetch request, 10000: the platform's default cap), JAR (default
# target/infra-platform-*.jar), JAVA (default Temurin 25 if installed, else java on PATH),
# CLIENT_JAVA_OPTS (extra options of the load client JVM, e.g. a flight recording).
set -eu

mode=both
case "${1:-}" in
    --kafka-only) mode=kafka; shift ;;
    --platform-only) mode=platform; shift ;;
    -*) echo "usage: $0 [--kafka-only | --platform-only] [records]" >&2; exit 2 ;;
esac
records="${1:-2000000}"
record_size=100
concurrency="${CONCURRENCY:-4}"
batch="${BATCH:-1000}"
max_records="${MAX_RECORDS:-10000}"

here="$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=platform.sh source-path=SCRIPTDIR
. "$here/platform.sh" # java_bin, pids, stop, stop_all and the platform's start-up
work="$root/bench/target/logbroker-rest"
kafka_lib="$root/bench/target/kafka/lib"
kafka_data="$root/bench/target/kafka-data"
kafka_port=9392
controller_port=9393
platform_port=8392
base="http://127.0.0.1:$platform_port"

command -v curl >/dev/null || { echo "missing curl" >&2; exit 1; }
mkdir -p "$work"

trap stop_all EXIT INT TERM

# Result lines: "system phase records records/s MB/s p50 p99 latency-kind", one file per half.

kafka_half() {
    kwork="$work/kafka"
    rm -rf "$kwork" "$kafka_data" "$work/kafka.results"
    mkdir -p "$kwork" "$kafka_data"
    if ! ls "$kafka_lib"/kafka_2.13-*.jar >/dev/null 2>&1; then
        echo "fetching the Kafka jars into $kafka_lib"
        "$root/mvnw" -q -f "$root/bench/kafka/pom.xml" dependency:copy-dependencies
    fi
    for f in "$kafka_lib"/kafka_2.13-*.jar; do kafka_version="${f##*/kafka_2.13-}"; break; done
    kafka_version="${kafka_version%.jar}"

    # The broker's settings are those of the distribution's config/server.properties (KRaft,
    # combined mode); the log is flushed by the OS, Kafka's default.
    cat > "$kwork/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
num.network.threads=3
num.io.threads=8
socket.send.buffer.bytes=102400
socket.receive.buffer.bytes=102400
socket.request.max.bytes=104857600
log.dirs=$kafka_data
num.partitions=3
num.recovery.threads.per.data.dir=1
offsets.topic.replication.factor=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000
EOF
    cat > "$kwork/log4j2-server.properties" <<EOF
appender.file.type=File
appender.file.name=file
appender.file.fileName=$kwork/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
EOF
    cat > "$kwork/log4j2-tools.properties" <<'EOF'
appender.err.type=Console
appender.err.name=err
appender.err.target=SYSTEM_ERR
appender.err.layout.type=PatternLayout
appender.err.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=WARN
rootLogger.appenderRef.err.ref=err
EOF
    # Options of the distribution's scripts: kafka-server-start.sh (1 GiB heap, G1 with 20 ms
    # pauses) and the perf-test scripts (512 MiB heap).
    kafka_server_opts="${KAFKA_HEAP_OPTS:--Xms1g -Xmx1g} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true"
    tool() { # main-class args...
        "$java_bin" -Xmx512m -Dlog4j2.configurationFile="$kwork/log4j2-tools.properties" -cp "$kafka_lib/*" "$@"
    }

    cluster_id="$(tool kafka.tools.StorageTool random-uuid)"
    tool kafka.tools.StorageTool format --standalone --cluster-id "$cluster_id" \
        --config "$kwork/server.properties" > "$kwork/format.txt"
    # shellcheck disable=SC2086
    "$java_bin" $kafka_server_opts -Dlog4j2.configurationFile="$kwork/log4j2-server.properties" \
        -cp "$kafka_lib/*" kafka.Kafka "$kwork/server.properties" > "$kwork/kafka.out" 2>&1 &
    kafka_pid=$!
    pids="$pids $kafka_pid"
    i=0
    until grep -q 'Kafka Server started' "$kwork/server.log" 2>/dev/null; do
        kill -0 "$kafka_pid" 2>/dev/null || { echo "Kafka exited; see $kwork/kafka.out and server.log" >&2; exit 1; }
        i=$((i + 1)); [ "$i" -lt 600 ] || { echo "Kafka not up after 60 s; see $kwork/server.log" >&2; exit 1; }
        sleep 0.1 # polling a server that is starting; nothing to signal on
    done

    tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$kafka_port" --create \
        --topic bench --partitions 3 --replication-factor 1 > "$kwork/topic.txt"

    echo "Kafka $kafka_version: ProducerPerformance, $records records of $record_size B, acks=1"
    tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "127.0.0.1:$kafka_port" \
        --topic bench --num-records "$records" --record-size "$record_size" --throughput -1 \
        --command-property acks=1 > "$kwork/producer.txt"
    # Last line: "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency,
    # P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th." (per record, send to ack)
    summary="$(grep '50th' "$kwork/producer.txt" | tail -n 1)"
    [ -n "$summary" ] || { echo "no ProducerPerformance summary; see $kwork/producer.txt" >&2; exit 1; }
    echo "  $summary"
    printf '%s\n' "$summary" | awk -v s="$record_size" '{
        gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "sent") n = $(i - 2); if ($i == "records/sec") r = $(i - 1);
            if ($i == "50th") p50 = $(i - 2); if ($i == "99th") p99 = $(i - 2) }
        printf "kafka produce %d %.0f %.2f %s %s record-send-to-ack\n", n, r, r * s / 1e6, p50, p99 }' >> "$work/kafka.results"

    echo "Kafka $kafka_version: ConsumerPerformance, $records records"
    # Two passes, each a new consumer group reading everything from the start; the second is reported
    # (the first warms up the broker and the page cache), as the platform's fetch below.
    tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "127.0.0.1:$kafka_port" \
        --topic bench --num-records "$records" --timeout 30000 > "$kwork/consumer-warmup.txt"
    tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "127.0.0.1:$kafka_port" \
        --topic bench --num-records "$records" --timeout 30000 > "$kwork/consumer.txt"
    # Header: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
    #         rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
    # fetch.nMsg.sec excludes the consumer group's join (rebalance.time.ms): the REST client has
    # no group to join, so that is the figure to compare with.
    summary="$(grep -v '^start.time' "$kwork/consumer.txt" | grep ',' | tail -n 1)"
    [ -n "$summary" ] || { echo "no ConsumerPerformance summary; see $kwork/consumer.txt" >&2; exit 1; }
    echo "  $(head -n 1 "$kwork/consumer.txt")"
    echo "  $summary"
    printf '%s\n' "$summary" | awk -F', *' -v s="$record_size" -v want="$records" '{
        if ($5 + 0 < want + 0) { printf "ConsumerPerformance read %s of %s records\n", $5, want > "/dev/stderr"; exit 1 }
        printf "kafka fetch %d %.0f %.2f - - -\n", $5, $10, $10 * s / 1e6 }' >> "$work/kafka.results"

    stop "$kafka_pid"
    du -sh "$kafka_data" | awk '{print "  Kafka data: " $1}'
}

platform_half() {
    find_jar "$root/target"
    pwork="$work/platform"
    rm -rf "$pwork" "$work/platform.results"
    mkdir -p "$pwork"

    compile_client "$root" "$work" "$root/bench/src/main/java/dev/infraplatform/bench/LogBrokerRestBenchmark.java"

    start_platform "$platform_port" "$pwork/data" "$pwork/platform.log"
    await_platform "$base" "$platform_pid" "$pwork/platform.log"

    status="$(curl -sS -o "$pwork/create-topic.json" -w '%{http_code}' -X POST "$base/api/v1/topics" \
        -H 'Content-Type: application/json' -d '{"name":"bench","partitions":3}')"
    case "$status" in
        200|201) ;;
        *) echo "creating topic bench: HTTP $status (does this jar have the log broker?)" >&2
           cat "$pwork/create-topic.json" >&2; echo >&2; exit 1 ;;
    esac

    echo "Platform: LogBrokerRestBenchmark, $records records of $record_size B, batches of $batch, $concurrency concurrent requests"
    # CLIENT_JAVA_OPTS is a list of options, split into words on purpose.
    # shellcheck disable=SC2086
    { "$java_bin" -Xmx512m ${CLIENT_JAVA_OPTS:-} -cp "$client_cp" dev.infraplatform.bench.LogBrokerRestBenchmark \
        "$base" bench "$records" "$batch" "$record_size" "$concurrency" --max-records="$max_records" --fetch-passes=2 \
        || echo "$?" > "$pwork/client.failed"; } | tee "$pwork/client.txt"
    [ ! -f "$pwork/client.failed" ] || { echo "the load client failed; the platform's log: $pwork/platform.log" >&2; exit 1; }
    awk '$1 == "RESULT" { if (!($2 in row)) order[n++] = $2; row[$2] = sprintf("platform %s %s %s %s %s %s request", $2, $3, $4, $5, $6, $7) }
         END { for (i = 0; i < n; i++) print row[order[i]] }' \
        "$pwork/client.txt" >> "$work/platform.results"

    stop "$platform_pid"
    [ ! -d "$pwork/data" ] || du -sh "$pwork/data" | awk '{print "  platform data: " $1}'
}

print_machine
[ "$mode" = platform ] || kafka_half
[ "$mode" = kafka ] || platform_half

# The table. A half that was not run this time is taken from the previous run's results, if any.
echo
[ "$mode" = both ] || echo "(only the $mode half ran now; the other half's rows, if shown, are from an earlier run)"
cat "$work/kafka.results" "$work/platform.results" 2>/dev/null | awk '
    { sys[NR] = $1; ph[NR] = $2; n[NR] = $3; r[NR] = $4; mb[NR] = $5; p50[NR] = $6; p99[NR] = $7; kind[NR] = $8
      if ($1 == "kafka") k[$2] = $4 }
    END {
        printf "%-9s %-8s %10s %12s %8s %9s %9s %-8s %s\n", "system", "phase", "records", "records/s", "MB/s", "p50 ms", "p99 ms", "vs Kafka", "latency of"
        for (i = 1; i <= NR; i++) {
            ratio = "-"
            if (sys[i] == "platform" && k[ph[i]] > 0) ratio = sprintf("%.0f%%", 100 * r[i] / k[ph[i]])
            printf "%-9s %-8s %10d %12.0f %8.2f %9s %9s %-8s %s\n", sys[i], ph[i], n[i], r[i], mb[i], p50[i], p99[i], ratio, kind[i]
        }
    }'
