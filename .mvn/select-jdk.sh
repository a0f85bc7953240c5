# Sourced by ./mvnw and .ci/run (POSIX sh): makes JAVA_HOME point at a JDK 21 or newer.
# Keeps JAVA_HOME (or the java on PATH) when it is already 21+; otherwise takes the newest
# JDK 21+ found in the usual install locations. When none is found it leaves things as they are
# and the Maven Enforcer rule in pom.xml stops the build with a clear message.

infra_java_major() { # $1 = path to a java binary; prints its feature version, e.g. 17 or 25
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

infra_select_jdk() {
  current=""
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    current="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    current="$(command -v java)"
  fi
  if [ -n "$current" ]; then
    major="$(infra_java_major "$current")"
    [ -n "$major" ] && [ "$major" -ge 21 ] && return 0
  fi
  best_home=""
  best_major=0
  # ./mvnw runs with globbing off (set -f); the search below needs it.
  case "$-" in *f*) infra_glob_was_off=1; set +f ;; *) infra_glob_was_off=0 ;; esac
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
              /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major="$(infra_java_major "$home/bin/java")"
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best_home="$home"
      best_major="$major"
    fi
  done
  [ "$infra_glob_was_off" = 1 ] && set -f
  if [ -n "$best_home" ]; then
    JAVA_HOME="$best_home"
    export JAVA_HOME
    PATH="$JAVA_HOME/bin:$PATH"
    export PATH
  fi
}

infra_select_jdk
