# shellcheck shell=sh
# The platform's side of the benchmarks that run it next to another system on the same machine
# (cache-rest.sh, logbroker-rest.sh, exchange-rest.sh), sourced by them after `set -eu`: the Java
# to run, the jar, the load client, and the platform's JVM started, awaited and stopped.
# Sets java_bin and pids here; the functions set jar, client_cp and platform_pid.

# JAVA, else Temurin 25 where it is installed (the dev VM), else java on PATH.
java_bin="${JAVA:-$(ls -d /usr/lib/jvm/temurin-25-jdk-amd64/bin/java 2>/dev/null || command -v java)}"

pids="" # processes started in the background and not stopped yet: stop_all stops them on exit

stop() { # pid: SIGTERM (graceful shutdown), then wait for the process to exit
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    rest=""; for p in $pids; do [ "$p" = "$1" ] || rest="$rest $p"; done; pids="$rest"
}

# For the exit trap. Waits for these processes only, not for every child: exchange-rest.sh stops
# a rabbitmq-server it started on its own.
stop_all() { # SIGTERM to every process in pids, then wait for each to exit
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    for p in $pids; do wait "$p" 2>/dev/null || true; done
}

# shellcheck disable=SC2120 # the argument is optional
print_machine() { # [more...]: the first line of a run, "machine: cores, kernel[, more]; java -version"
    echo "machine: $(nproc) cores, $(uname -r)${*:+, $*}; $("$java_bin" -version 2>&1 | head -n 1)"
}

find_jar() { # target-dir: jar = JAR, else the platform's infra-platform-*.jar in target-dir
    jar="${JAR:-}"
    if [ -z "$jar" ]; then
        for f in "$1"/infra-platform-*.jar; do
            case "$f" in *-plain.jar) ;; *) if [ -f "$f" ]; then jar="$f"; break; fi ;; esac
        done
    fi
    [ -n "$jar" ] || { echo "no jar: run ./mvnw -q -DskipTests package first" >&2; exit 1; }
}

# compile_client project-dir work-dir source...: the load client, compiled into
# work-dir/client-classes against the test class path Maven computes (Jackson's streaming parser,
# HdrHistogram), kept in work-dir/client-cp.txt; src/ is not compiled for it.
# Sets client_cp, the class path to run it with.
compile_client() {
    cc_root="$1"; cc_work="$2"; shift 2
    "$cc_root/mvnw" -q -Pbench dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$cc_work/client-cp.txt" > "$cc_work/client-cp.log" 2>&1 \
        || { cat "$cc_work/client-cp.log" >&2; exit 1; }
    cc_cp="$(cat "$cc_work/client-cp.txt")"
    rm -rf "$cc_work/client-classes" && mkdir -p "$cc_work/client-classes"
    "$(dirname "$java_bin")/javac" -nowarn -d "$cc_work/client-classes" -cp "$cc_cp" "$@"
    # shellcheck disable=SC2034 # read by the sourcing script
    client_cp="$cc_work/client-classes:$cc_cp"
}

start_platform() { # port data-dir log: the jar in the background; platform_pid = its pid (and in pids)
    # JAVA_OPTS is a list of options, split into words on purpose.
    # shellcheck disable=SC2086
    "$java_bin" ${JAVA_OPTS:--XX:+UseZGC} -jar "$jar" --server.port="$1" \
        --infra.data-dir="$2" --logging.level.root=WARN > "$3" 2>&1 &
    platform_pid=$!
    pids="$pids $platform_pid"
}

await_platform() { # base-url pid log: until base-url/actuator/health answers; exits if pid exits or after 60 s
    i=0
    until curl -fsS -o /dev/null "$1/actuator/health" 2>/dev/null; do
        kill -0 "$2" 2>/dev/null || { echo "the platform exited; see $3" >&2; exit 1; }
        i=$((i + 1)); [ "$i" -lt 600 ] || { echo "the platform is not up after 60 s; see $3" >&2; exit 1; }
        sleep 0.1 # polling a server that is starting; nothing to signal on
    done
}
