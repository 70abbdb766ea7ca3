# Shared set-up for ./cairn, ./run-tests and bench/ scripts: find a JDK >= 21 and Maven >= 3.8,
# and build the project when its sources changed. Source this file; it defines functions only.

CAIRN_ROOT="${CAIRN_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
CAIRN_MIN_JAVA=21
CAIRN_MAVEN_VERSION=3.9.11

cairn_die() {
  echo "cairn: $*" >&2
  exit 1
}

# Java names files in the character set of the locale it starts in, fixed for its whole run; with no
# locale (LANG unset, or C or POSIX, as in many containers, cron jobs and service managers) that is
# ASCII, and a repo path (CAIRN_PATH) or a file name outside ASCII cannot be used at all. As Python
# does (PEP 538), such a locale becomes C.UTF-8 for the character type only; a locale that names a
# language, or LC_ALL, is left alone.
cairn_utf8_locale() {
  [ -n "${LC_ALL:-}" ] && return 0
  case "${LC_CTYPE:-${LANG:-}}" in
    "" | C | POSIX) export LC_CTYPE=C.UTF-8 ;;
  esac
}

# Prints the major version of the JDK at $1 (a JAVA_HOME), or nothing if it is not a JDK.
cairn_jdk_major() {
  local home="$1" v
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  fi
  [ -n "$v" ] && echo "$v"
}

# Sets JAVA_HOME to a JDK >= 21: JAVA_HOME if it qualifies, then the JDK of `java` on the PATH,
# then the newest under the usual install folders.
cairn_find_jdk() {
  local candidates=() c best="" best_v=0 v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/jdk* \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$c" ] && candidates+=("$c")
  done
  # JAVA_HOME wins when it is new enough; otherwise take the newest JDK found.
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(cairn_jdk_major "$JAVA_HOME") && [ "$v" -ge "$CAIRN_MIN_JAVA" ] && return 0
  fi
  for c in "${candidates[@]}"; do
    v=$(cairn_jdk_major "$c") || continue
    if [ "$v" -ge "$CAIRN_MIN_JAVA" ] && [ "$v" -gt "$best_v" ]; then
      best="$c"
      best_v="$v"
    fi
  done
  [ -n "$best" ] || cairn_die "no JDK $CAIRN_MIN_JAVA or newer found (looked at JAVA_HOME, the PATH and /usr/lib/jvm, /opt/java, ~/.sdkman, /Library/Java). Install one (for example Debian's openjdk-21-jdk) or set JAVA_HOME."
  export JAVA_HOME="$best"
}

# Sets CAIRN_MVN to a Maven >= 3.8: the one on the PATH, else one fetched from Maven Central into .tools/.
cairn_find_maven() {
  local v
  if command -v mvn >/dev/null 2>&1; then
    v=$(mvn -B -v 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | sed -n 's/^Apache Maven \([0-9]*\)\.\([0-9]*\).*/\1 \2/p' | head -1)
    if [ -n "$v" ] && { [ "${v% *}" -gt 3 ] || { [ "${v% *}" -eq 3 ] && [ "${v#* }" -ge 8 ]; }; }; then
      CAIRN_MVN=mvn
      return 0
    fi
  fi
  local dir="$CAIRN_ROOT/.tools/apache-maven-$CAIRN_MAVEN_VERSION"
  if [ ! -x "$dir/bin/mvn" ]; then
    echo "cairn: fetching Maven $CAIRN_MAVEN_VERSION into .tools/" >&2
    mkdir -p "$CAIRN_ROOT/.tools"
    local url="https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$CAIRN_MAVEN_VERSION/apache-maven-$CAIRN_MAVEN_VERSION-bin.tar.gz"
    curl -fsSL "$url" | tar -xz -C "$CAIRN_ROOT/.tools" || cairn_die "could not fetch Maven; install Maven 3.8 or newer"
  fi
  CAIRN_MVN="$dir/bin/mvn"
}

# JVM options for Maven itself: quiet the JDK 24+ warnings about sun.misc.Unsafe in Maven's Guava.
cairn_maven_opts() {
  local v
  v=$(cairn_jdk_major "$JAVA_HOME")
  if [ "$v" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

# Whether any source or build file is newer than the build stamp.
cairn_needs_build() {
  local stamp="$CAIRN_ROOT/node/target/.cairn-build-stamp"
  [ -f "$stamp" ] || return 0
  [ -f "$CAIRN_ROOT/node/target/cairn.jar" ] || return 0
  [ -n "$(cd "$CAIRN_ROOT" && find pom.xml */pom.xml */src/main -newer "$stamp" -print -quit 2>/dev/null)" ]
}

# Builds the CLI (no tests) when sources changed; output only on failure.
cairn_build() {
  cairn_needs_build || return 0
  cairn_find_maven
  cairn_maven_opts
  local log
  log=$(mktemp)
  echo "cairn: building (first run or sources changed)..." >&2
  local stamp_new="$CAIRN_ROOT/node/target/.cairn-build-stamp.new"
  mkdir -p "$CAIRN_ROOT/node/target" && touch "$stamp_new"
  if ! (cd "$CAIRN_ROOT" && "$CAIRN_MVN" -B -q package -DskipTests -Dspotless.check.skip=true >"$log" 2>&1); then
    cat "$log" >&2
    rm -f "$log" "$stamp_new"
    cairn_die "build failed (output above)"
  fi
  rm -f "$log"
  mv "$stamp_new" "$CAIRN_ROOT/node/target/.cairn-build-stamp"
  cairn_install_dist "$CAIRN_ROOT/node/target" "$CAIRN_ROOT/.tools/dist"
}

# The cairn command and its daemon run from a copy of the build, .tools/dist/ID (cairn.jar, lib/
# and the start-up cache), made after each build; its jars are never written again: a build, by the
# launcher or by ./run-tests, rewrites node/target's jars in place, and a daemon still running
# from them could no longer load a class it had not loaded yet (its API then answered nothing,
# and 'cairn shutdown' left it hanging). Prints the directory of the current copy, making one
# from node/target when there is none.
cairn_dist() {
  local root="$CAIRN_ROOT/.tools/dist" dir
  dir=$(cairn_current_dist "$root")
  if [ -z "$dir" ]; then
    cairn_install_dist "$CAIRN_ROOT/node/target" "$root"
    dir=$(cairn_current_dist "$root")
  fi
  [ -n "$dir" ] || cairn_die "no build to run in node/target"
  echo "$dir"
}

# The current copy under ROOT ($1), if it is complete.
cairn_current_dist() {
  local id
  id=$(cat "$1/current" 2>/dev/null) || return 0
  [ -n "$id" ] && [ -f "$1/$id/cairn.jar" ] && echo "$1/$id"
  return 0
}

# Copies the build in TARGET ($1: cairn.jar and lib/) to a new directory under ROOT ($2) and makes
# it the current one. A jar of the same name, size and time as in the current copy is a hard link
# to it (copies are never written, so sharing is safe); the others are copied. Older copies that no
# running process names on its command line are removed, all but the new one and the one current
# until now (a command may have chosen it and not started its JVM yet).
cairn_install_dist() {
  local target="$1" root="$2" prev id new f name d
  [ -f "$target/cairn.jar" ] || return 0
  mkdir -p "$root"
  prev=$(cairn_current_dist "$root")
  id="$(date +%Y%m%d-%H%M%S)-$$"
  new="$root/$id"
  rm -rf "$new.part"
  mkdir -p "$new.part/lib"
  cp -p "$target/cairn.jar" "$new.part/"
  for f in "$target"/lib/*.jar; do
    [ -e "$f" ] || continue
    name=$(basename "$f")
    if [ -n "$prev" ] && [ -f "$prev/lib/$name" ] &&
      [ "$(stat -c '%s %Y' "$f")" = "$(stat -c '%s %Y' "$prev/lib/$name")" ] &&
      ln "$prev/lib/$name" "$new.part/lib/$name" 2>/dev/null; then
      continue
    fi
    cp -p "$f" "$new.part/lib/$name"
  done
  mv "$new.part" "$new"
  echo "$id" >"$root/current.part" && mv "$root/current.part" "$root/current"
  for d in "$root"/*/; do
    d="${d%/}"
    # The copy current until now is kept too: a command may have chosen it and not started yet.
    [ "$d" = "$new" ] || [ "$d" = "$prev" ] && continue
    cairn_dist_in_use "$d" || rm -rf "$d"
  done
  return 0
}

# Whether a running process names DIR ($1) on its command line (a JVM's class path and cache).
cairn_dist_in_use() {
  grep -qsF -- "$1/" /proc/[0-9]*/cmdline
}

# The start-up cache of the cairn command in the copy DIR ($1), made from a training run after each
# build: on JDK 25 and later an ahead-of-time cache (cairn.aot: classes loaded and linked, and
# method profiles), else a dynamic class-data sharing archive (cairn.jsa). Measured on a 1 KB
# 'cairn add' run by the JVM directly: 0.84-0.92 s with the archive, 0.76-0.83 s with the cache.
cairn_cds_file() {
  if [ "$(cairn_jdk_major "$JAVA_HOME")" -ge 25 ]; then
    echo "$1/cairn.aot"
  else
    echo "$1/cairn.jsa"
  fi
}

# The garbage collector of a cairn command: the JVM's default (G1) for the daemon ($1 true), the
# serial collector for the short commands. A command's heap holds a few blocks at a time, and G1
# grew it to 850 MB during a 1 GiB add, touching new pages all along, where the serial collector
# kept 450 MB and took a second less (4.3-4.7 s against 5.3-5.8 s, alternating runs). A collector
# chosen in CAIRN_JAVA_OPTS wins.
cairn_cli_gc_opts() {
  [ "$1" = true ] && return 0
  case " ${CAIRN_JAVA_OPTS:-} " in
    *" -XX:+Use"*GC" "*) return 0 ;;
  esac
  echo "-XX:+UseSerialGC"
}

# JVM options of every cairn command that use the cache FILE ($1); without an ahead-of-time cache
# the class-data sharing archive is made on first use if it is missing or stale.
cairn_cds_opts() {
  case "$1" in
    *.aot) [ -f "$1" ] && echo "-XX:AOTCache=$1 -Xlog:aot=off -Xlog:cds=off" ;;
    *) echo "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$1 -Xlog:cds=off -Xlog:cds+dynamic=off" ;;
  esac
  return 0
}

# Makes the start-up cache of the copy DIR ($1) from a training run of 'cairn add' of a 1 MiB file
# into a throw-away repo, rather than from whatever command happens to run first after a build: the
# cache then holds the classes of the import path, RocksDB's and the CLI's, and 'add' starts in
# about two thirds of the time ('cat', 'ls' and the other repo commands share most of them). Best
# effort: without it a command runs all the same (and on JDK 21 to 24 makes an archive of its own).
cairn_train_cds() {
  local dist="$1" file tmp name
  file=$(cairn_cds_file "$dist")
  [ -f "$file" ] && return 0
  name=$(basename "$file")
  tmp=$(mktemp -d) || return 0
  head -c 1048576 /dev/urandom >"$tmp/training.bin"
  # shellcheck disable=SC2046
  local java=("$JAVA_HOME/bin/java" $(cairn_cli_gc_opts false) --enable-native-access=ALL-UNNAMED -cp "$dist/cairn.jar:$dist/lib/*")
  local record
  case "$name" in
    *.aot) record="-XX:AOTCacheOutput=$tmp/$name -Xlog:aot=off -Xlog:cds=off" ;;
    *) record=$(cairn_cds_opts "$tmp/$name") ;;
  esac
  # shellcheck disable=SC2086
  if CAIRN_PATH="$tmp/repo" "${java[@]}" io.cairn.node.Main init >/dev/null 2>&1 &&
    CAIRN_PATH="$tmp/repo" "${java[@]}" $record \
      io.cairn.node.Main add -Q --progress=false "$tmp/training.bin" >/dev/null 2>&1 &&
    [ -f "$tmp/$name" ]; then
    mv -f "$tmp/$name" "$file"
  fi
  rm -rf "$tmp"
  return 0
}

# Installs Debian packages that are missing, with apt-get (as root, or through sudo): cairn_apt_need
# COMMAND PACKAGE [COMMAND PACKAGE ...] installs PACKAGE when COMMAND is not found on the PATH or in
# /usr/sbin. Without apt-get it names what to install and fails.
cairn_apt_need() {
  local missing=() cmd pkg
  while [ $# -ge 2 ]; do
    cmd="$1" pkg="$2"
    shift 2
    command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  cairn_apt_require "${missing[@]}"
}

# Installs the Debian packages PACKAGE... with apt-get, or fails naming them.
cairn_apt_require() {
  [ $# -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || cairn_die "needs $* (install them with your package manager)"
  cairn_apt_install "$@" || cairn_die "could not install $* with apt-get"
}

# Installs the Debian packages PACKAGE... with apt-get (as root, or through sudo), updating the
# package lists once if the first try fails; returns non-zero when it cannot.
cairn_apt_install() {
  local sudo=""
  command -v apt-get >/dev/null 2>&1 || return 1
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "cairn: installing $* with apt-get" >&2
  $sudo apt-get install -y -q "$@" >/dev/null 2>&1 ||
    { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q "$@" >/dev/null 2>&1; }
}

# Prints the Debian packages missing to build WASM from the sources in the repo: clang, lld,
# wasi-libc and the wasm32 builtins for the C examples (compute/examples/build.sh), and, unless $1 is
# "c-only", wabt's wat2wasm for the test modules' .wat sources.
cairn_wasm_missing() {
  command -v clang >/dev/null 2>&1 || echo clang
  command -v wasm-ld >/dev/null 2>&1 || echo lld
  [ -f /usr/lib/wasm32-wasi/libc.a ] || echo wasi-libc
  compgen -G '/usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a' >/dev/null ||
    echo libclang-rt-14-dev-wasm32
  [ "${1:-}" = c-only ] || command -v wat2wasm >/dev/null 2>&1 || echo wabt
  return 0
}
