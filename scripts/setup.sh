#!/usr/bin/env bash
# Mose host setup for Debian 12 (bookworm), run as root.
#
# Installs what Mose needs to live-migrate runc containers with CRIU:
#   - Debian packages: runc, iptables, iproute2, util-linux, redis, sockperf,
#     iperf3, memcached, procps, gcc, libc6-dev, gnuplot-nox (benchmark plots)
#   - CRIU >= 4.2 in a private prefix (default /opt/mose), wrapped as
#     $MOSE_PREFIX/bin/criu
#   - Mose's own sample services, compiled from samples/ into
#     /usr/local/libexec/mose (containers see the host's /usr read-only)
# and checks that the .NET SDK is >= 10.
#
# Idempotent: a second run only checks and prints what is already in place.
#
# Environment:
#   MOSE_PREFIX   where CRIU and its apt state live (default /opt/mose)
set -euo pipefail

MOSE_PREFIX="${MOSE_PREFIX:-/opt/mose}"
readonly MOSE_PREFIX
readonly CRIU_MIN_VERSION="4.2"
readonly DOTNET_MIN_MAJOR=10
readonly APT_PACKAGES=(runc iptables iproute2 util-linux redis-server redis-tools
                       sockperf iperf3 memcached procps gcc libc6-dev gnuplot-nox)
# CRIU comes from Debian sid, which has >= 4.2: bookworm's CRIU 3.17 fails on
# the 6.18 kernel these machines run.
readonly SID_SOURCE="deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main"
readonly MULTIARCH="x86_64-linux-gnu"

readonly CRIU_DIR="$MOSE_PREFIX/criu"
readonly CRIU_WRAPPER="$MOSE_PREFIX/bin/criu"
readonly CRIU_MARKER="$CRIU_DIR/verified"
readonly SID_APT_DIR="$MOSE_PREFIX/apt"
readonly LOG_DIR="$MOSE_PREFIX/log"

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_DIR
readonly SAMPLES_DIR="/usr/local/libexec/mose"
readonly SAMPLE_CFLAGS=(-O2 -std=gnu11 -Wall -Wextra -Werror)

# ---------------------------------------------------------------- helpers

log()  { echo "setup: $*"; }
warn() { echo "setup: note: $*" >&2; }
die()  { echo "setup: ERROR: $*" >&2; exit 1; }

# fail_step STEP HINT [LOGFILE...]: stop, naming the failed step, showing the
# tail of each given log and telling the user what to do next.
fail_step() {
    local step="$1" hint="$2"; shift 2
    {
        echo "setup: ERROR: step failed: $step"
        local f
        for f in "$@"; do
            if [[ -s "$f" ]]; then
                echo "setup: --- last lines of $f ---"
                tail -n 15 "$f" | sed 's/^/setup: | /'
            fi
        done
        echo "setup: what to do: $hint"
    } >&2
    exit 1
}

# Cleanup actions registered while running; all run on any exit.
CLEANUPS=()
add_cleanup() { CLEANUPS+=("$1"); }
run_cleanups() {
    local i
    for (( i=${#CLEANUPS[@]}-1; i>=0; i-- )); do
        eval "${CLEANUPS[$i]}" || true
    done
}
trap run_cleanups EXIT

version_ge() { dpkg --compare-versions "$1" ge "$2"; }

# ---------------------------------------------------------------- checks

check_host() {
    [[ $EUID -eq 0 ]] || die "must run as root (CRIU and runc need it): sudo $0"
    [[ "$MOSE_PREFIX" =~ ^/[A-Za-z0-9._/+-]+$ ]] \
        || die "MOSE_PREFIX must be an absolute path of plain characters (got '$MOSE_PREFIX')"
    # The CRIU recipe below extracts amd64 packages and calls the amd64 loader.
    local arch
    arch="$(dpkg --print-architecture)"
    [[ "$arch" == amd64 ]] || die "only amd64 is supported (this machine is $arch)"
}

# Serialise concurrent runs (e.g. two shells, or CI and a developer).
take_lock() {
    mkdir -p "$MOSE_PREFIX" "$LOG_DIR"
    exec 9>"$MOSE_PREFIX/.setup.lock"
    flock -w 900 9 || die "another setup.sh is still running (lock $MOSE_PREFIX/.setup.lock)"
}

# ---------------------------------------------------------------- apt packages

missing_packages() {
    local pkg status
    for pkg in "${APT_PACKAGES[@]}"; do
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        [[ "$status" == "install ok installed" ]] || echo "$pkg"
    done
}

# PIDs of running redis-server/memcached processes (read from /proc, because
# on a fresh machine procps, and so pgrep, may be among what is missing).
daemon_pids() {
    local f
    for f in /proc/[0-9]*/comm; do
        case "$(cat "$f" 2>/dev/null)" in
            redis-server|memcached) f="${f#/proc/}"; echo "${f%/comm}" ;;
        esac
    done | sort
}

install_apt_packages() {
    local missing
    mapfile -t missing < <(missing_packages)
    if (( ${#missing[@]} == 0 )); then
        log "apt packages already installed"
        return
    fi
    log "installing apt packages: ${missing[*]}"

    # Keep the packages' maintainer scripts from starting redis/memcached/iperf3
    # daemons: Mose starts its own instances inside containers. invoke-rc.d
    # asks policy-rc.d, and 101 means "action not allowed". An existing
    # policy-rc.d (e.g. the one Docker images ship) is the admin's and is left
    # alone.
    local policy=/usr/sbin/policy-rc.d
    if [[ ! -e "$policy" ]]; then
        printf '#!/bin/sh\n# temporary, from mose setup.sh: do not start daemons\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        add_cleanup "rm -f '$policy'"
    fi

    local before after new
    before="$(daemon_pids)"

    local aptlog="$LOG_DIR/apt-install.log"
    : >"$aptlog"
    export DEBIAN_FRONTEND=noninteractive
    # Wait for a dpkg lock held by e.g. unattended-upgrades instead of failing.
    local opts=(-o DPkg::Lock::Timeout=300)
    log "apt-get update"
    apt-get "${opts[@]}" -q update >>"$aptlog" 2>&1 \
        || fail_step "apt-get update" "check network access to the Debian archive, then run again" "$aptlog"
    apt-get "${opts[@]}" -q -y --no-install-recommends install "${missing[@]}" >>"$aptlog" 2>&1 \
        || fail_step "apt-get install ${missing[*]}" "read $aptlog, fix the apt problem, then run again" "$aptlog"

    if [[ -f "$policy" ]] && grep -q 'mose setup.sh' "$policy"; then
        rm -f "$policy"
    fi

    after="$(daemon_pids)"
    new="$(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')"
    if [[ -n "${new// /}" ]]; then
        warn "the install started host daemon(s) (pid $new); Mose does not need them"
    fi
    log "apt packages installed"
}

# ---------------------------------------------------------------- CRIU

# Options that make apt-get/apt-cache use only the private sid source list and
# private state, so the machine's own apt sources, lists, cache and dpkg
# status are neither read nor changed. The status file is /dev/null so that
# apt resolves CRIU's complete dependency closure (glibc included) from sid.
sid_apt_opts() {
    printf '%s\n' \
        -o "Dir::Etc::SourceList=$SID_APT_DIR/sources.list" \
        -o "Dir::Etc::SourceParts=/dev/null" \
        -o "Dir::Etc::Preferences=/dev/null" \
        -o "Dir::Etc::PreferencesParts=/dev/null" \
        -o "Dir::State::Lists=$SID_APT_DIR/lists" \
        -o "Dir::Cache=$SID_APT_DIR/cache" \
        -o "Dir::State::status=/dev/null" \
        -o "APT::Sandbox::User=root" \
        -o "Acquire::Languages=none" \
        -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
    # (APT::Sandbox::User=root: the private dirs are root's, so downloading as
    #  _apt would only produce permission warnings. DEP-11 is GUI metadata.)
}

# Prints the CRIU version the wrapper runs, or nothing if it does not run.
wrapper_criu_version() {
    [[ -x "$CRIU_WRAPPER" ]] || return 0
    "$CRIU_WRAPPER" --version 2>/dev/null | sed -n 's/^Version: *//p' | head -n 1 || true
}

# What the marker must say for the current CRIU on the current kernel; a
# kernel change means CRIU has to be checked again.
marker_line() { echo "criu $1 kernel $(uname -r)"; }

install_criu() {
    local -a opts
    mapfile -t opts < <(sid_apt_opts)
    local aptlog="$LOG_DIR/criu-apt.log"
    : >"$aptlog"
    local net_hint="check network access to the Debian archive (deb.debian.org) and that debian-archive-keyring is up to date, then run again"

    mkdir -p "$SID_APT_DIR/lists/partial" "$SID_APT_DIR/cache/archives/partial" "$MOSE_PREFIX/bin"
    echo "$SID_SOURCE" >"$SID_APT_DIR/sources.list"

    log "fetching the Debian sid package index (private apt state in $SID_APT_DIR)"
    # --error-on=any: without it a failed fetch is only a warning, and the
    # failure would surface later, less clearly, at the download.
    apt-get "${opts[@]}" -q --error-on=any update >>"$aptlog" 2>&1 \
        || fail_step "apt-get update for Debian sid" "$net_hint" "$aptlog"

    local debver
    debver="$(apt-cache "${opts[@]}" show --no-all-versions criu 2>>"$aptlog" | sed -n 's/^Version: //p' | head -n 1 || true)"
    [[ -n "$debver" ]] || fail_step "finding criu in Debian sid" "$net_hint" "$aptlog"
    version_ge "$debver" "$CRIU_MIN_VERSION" \
        || fail_step "finding criu in Debian sid" "sid offers criu $debver, Mose needs >= $CRIU_MIN_VERSION; update this script's CRIU source" "$aptlog"

    # sid's CRIU needs sid's glibc (>= 2.38, bookworm has 2.36), so it cannot
    # be installed with dpkg. Instead take the package's whole run-time
    # dependency closure (virtual packages, shown as <name>, dropped) and
    # unpack it into a private root that the wrapper runs it from.
    local -a pkgs
    mapfile -t pkgs < <(apt-cache "${opts[@]}" depends --recurse --no-recommends --no-suggests \
        --no-conflicts --no-breaks --no-replaces --no-enhances --no-pre-depends criu 2>>"$aptlog" \
        | grep -v '^ ' | grep -v '^<' | sort -u || true)
    [[ " ${pkgs[*]} " == *" criu "* && " ${pkgs[*]} " == *" libc6 "* ]] \
        || fail_step "resolving criu's dependencies in Debian sid" "run again; if it persists, read $aptlog" "$aptlog"

    log "downloading criu $debver and ${#pkgs[@]} packages it needs from Debian sid"
    local dl="$CRIU_DIR/.download"
    rm -rf "$dl"; mkdir -p "$dl"
    add_cleanup "rm -rf '$dl'"
    # sid changes several times a day: a package replaced between the index
    # fetch and the download gives a 404, which a rerun (fresh index) fixes.
    (cd "$dl" && apt-get "${opts[@]}" -q download "${pkgs[@]}") >>"$aptlog" 2>&1 \
        || fail_step "downloading criu packages from Debian sid" "$net_hint" "$aptlog"

    local root="$CRIU_DIR/$debver/root"
    local staging="$root.new"
    rm -rf "$staging"; mkdir -p "$staging"
    add_cleanup "rm -rf '$staging'"
    local deb
    for deb in "$dl"/*.deb; do
        dpkg -x "$deb" "$staging" 2>>"$aptlog" \
            || fail_step "unpacking $(basename "$deb")" "check free disk space under $MOSE_PREFIX, then run again" "$aptlog"
    done
    [[ -x "$staging/usr/sbin/criu" && -e "$staging/usr/lib/$MULTIARCH/ld-linux-x86-64.so.2" ]] \
        || fail_step "unpacking criu" "the sid packages changed layout (no usr/sbin/criu or loader); update this script" "$aptlog"
    rm -rf "$root"
    mv "$staging" "$root"

    # Running criu through sid's own dynamic loader makes it use only sid's
    # libraries from the private root, never the host's older glibc; programs
    # CRIU starts (e.g. iptables-restore) still run normally with host libraries.
    # --argv0 keeps "criu" as the program name in ps and messages.
    local lib="$root/usr/lib/$MULTIARCH:$root/lib/$MULTIARCH"
    cat >"$CRIU_WRAPPER.new" <<EOF
#!/bin/sh
# Generated by Mose scripts/setup.sh: CRIU $debver from Debian sid, run with
# its own glibc from $root.
exec "$root/usr/lib/$MULTIARCH/ld-linux-x86-64.so.2" --argv0 criu \\
    --library-path "$lib" "$root/usr/sbin/criu" "\$@"
EOF
    chmod 755 "$CRIU_WRAPPER.new"
    mv "$CRIU_WRAPPER.new" "$CRIU_WRAPPER"

    # Every library criu loads must come from the private root; one that
    # resolved to the host (or not at all) means the dependency list was wrong.
    local ldlist="$LOG_DIR/criu-libs.log"
    "$root/usr/lib/$MULTIARCH/ld-linux-x86-64.so.2" --library-path "$lib" --list "$root/usr/sbin/criu" >"$ldlist" 2>&1 \
        || fail_step "loading criu's libraries" "run again; if it persists, read $ldlist" "$ldlist"
    if grep -v 'linux-vdso' "$ldlist" | grep -v "=> $root/" | grep -q .; then
        fail_step "loading criu's libraries (some are not from $root)" "run again; if it persists, read $ldlist" "$ldlist"
    fi

    rm -rf "$dl"
    log "criu $debver unpacked into $root"
}

# If verification stops half-way, kill its test process (original or
# restored) and the criu restore; both are cleared once they are gone.
VERIFY_PID="" VERIFY_CRIU_PID=""
kill_verify_processes() {
    local p
    for p in $VERIFY_PID $VERIFY_CRIU_PID; do
        kill -9 "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true   # reap it, and silence bash's "Killed"
    done
}

# Runs `criu check` and a real dump/restore of a small detached process.
verify_criu() {
    local version="$1"
    log "verifying criu $version (criu check, dump and restore of a test process)"

    local out="$LOG_DIR/criu-check.log"
    if ! "$CRIU_WRAPPER" check >"$out" 2>&1 || ! grep -q 'Looks good' "$out"; then
        fail_step "criu check" "this kernel lacks something CRIU needs (see above); run again after fixing it, or report the output" "$out"
    fi

    local dir
    dir="$(mktemp -d "${TMPDIR:-/tmp}/mose-criu-verify.XXXXXX")"
    add_cleanup "rm -rf '$dir'"
    add_cleanup kill_verify_processes

    # The test process gets its own session (CRIU refuses to dump a process
    # that shares a session with processes outside the dump unless told it is
    # a shell job) and /dev/null as stdio (no pipes or tty leading outside).
    # It must not inherit fd 9, this script's flock: CRIU refuses to dump a
    # process holding file locks. It writes its own PID, which is the PID CRIU
    # must restore it under.
    # shellcheck disable=SC2016  # $$ and $1 are for the inner sh
    setsid sh -c 'cd / && echo $$ >"$1" && exec sleep 600' sh "$dir/pid" </dev/null >/dev/null 2>&1 9>&- &
    local bgpid=$!
    # Disowned so bash does not print "Killed" when the dump kills it; bash
    # still reaps it (it is bash's child), which frees its PID for the restore.
    disown "$bgpid"
    local pid="" i
    for (( i=0; i<100; i++ )); do
        [[ -s "$dir/pid" ]] && { pid="$(cat "$dir/pid")"; break; }
        sleep 0.05
    done
    [[ -n "$pid" ]] || fail_step "starting the dump/restore test process" "run again"
    VERIFY_PID="$pid"
    sleep 0.1   # let the exec of sleep happen before the dump

    mkdir -p "$dir/img"
    if ! "$CRIU_WRAPPER" dump -t "$pid" -D "$dir/img" -v2 -o dump.log >"$dir/dump.out" 2>&1; then
        fail_step "criu dump of test process $pid" "run again; if it fails again, CRIU does not work on this machine (see the log)" \
            "$dir/img/dump.log" "$dir/dump.out"
    fi
    # The dump killed the process; wait until bash has reaped it, so that its
    # PID is free for the restore.
    for (( i=0; i<100; i++ )); do
        [[ -e "/proc/$pid" ]] || break
        sleep 0.05
    done
    [[ ! -e "/proc/$pid" ]] || fail_step "waiting for the dumped test process $pid to go away" \
        "run again; if it fails again, look at process $pid (ps -o pid,ppid,stat,comm -p $pid)"

    # Restore in the foreground (no -d): criu stays the parent of the restored
    # process and reaps it when we kill it. With -d it would be re-parented to
    # PID 1, which in a container may reap late or never (a lingering zombie).
    "$CRIU_WRAPPER" restore -D "$dir/img" -v2 -o restore.log </dev/null >"$dir/restore.out" 2>&1 &
    local criu_pid=$!
    VERIFY_CRIU_PID="$criu_pid"
    local state=""
    for (( i=0; i<100; i++ )); do
        state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
        if [[ -n "$state" && "$state" != Z ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == sleep ]]; then
            break
        fi
        state=""
        kill -0 "$criu_pid" 2>/dev/null || break   # criu gave up
        sleep 0.05
    done
    if [[ -z "$state" ]]; then
        fail_step "criu restore of test process $pid (it is not running afterwards)" \
            "run again; if it fails again, CRIU does not work on this machine (see the log)" \
            "$dir/img/restore.log" "$dir/restore.out"
    fi
    kill -9 "$pid" 2>/dev/null || true
    wait "$criu_pid" 2>/dev/null || true
    VERIFY_PID="" VERIFY_CRIU_PID=""

    marker_line "$version" >"$CRIU_MARKER"
    date -u '+verified %Y-%m-%dT%H:%M:%SZ' >>"$CRIU_MARKER"
    log "criu $version verified"
}

# Removes CRIU roots of other versions once the current one is verified.
prune_old_criu() {
    local keep="$1" d
    for d in "$CRIU_DIR"/*/; do
        d="${d%/}"
        [[ -d "$d/root" && "$d" != "$keep" ]] || continue
        rm -rf "$d"
        log "removed old CRIU $(basename "$d")"
    done
}

setup_criu() {
    local version
    version="$(wrapper_criu_version)"
    # Redo the install when the wrapper is missing or broken, too old, or was
    # never verified (e.g. an earlier run was interrupted half-way).
    if [[ -z "$version" ]] || ! version_ge "$version" "$CRIU_MIN_VERSION" || [[ ! -f "$CRIU_MARKER" ]]; then
        if [[ -z "$version" ]]; then
            log "no working criu at $CRIU_WRAPPER: installing"
        elif ! version_ge "$version" "$CRIU_MIN_VERSION"; then
            log "criu at $CRIU_WRAPPER is $version (< $CRIU_MIN_VERSION): installing a newer one"
        else
            log "criu $version at $CRIU_WRAPPER was never verified (interrupted run?): reinstalling"
        fi
        rm -f "$CRIU_MARKER"
        install_criu
        version="$(wrapper_criu_version)"
        [[ -n "$version" ]] || fail_step "running $CRIU_WRAPPER --version" "run again" "$LOG_DIR/criu-libs.log"
        version_ge "$version" "$CRIU_MIN_VERSION" \
            || fail_step "checking the installed criu version ($version < $CRIU_MIN_VERSION)" "update this script's CRIU source"
    fi

    # Verified on another kernel or for another CRIU: check again (no reinstall).
    if [[ "$(head -n 1 "$CRIU_MARKER" 2>/dev/null || true)" != "$(marker_line "$version")" ]]; then
        verify_criu "$version"
        local target
        target="$(sed -n 's|^exec "\(.*\)/usr/lib/.*|\1|p' "$CRIU_WRAPPER" | head -n 1)"
        if [[ -n "$target" ]]; then
            prune_old_criu "$(dirname "$target")"
        fi
    else
        log "criu $version already installed and verified ($CRIU_WRAPPER)"
    fi
    CRIU_VERSION="$version"
}

# ---------------------------------------------------------------- samples

# Compiles samples/<name>/<name>.c into $SAMPLES_DIR/<name>-<id>, <id> being
# a hash of the source and the flags, and points the symlink $SAMPLES_DIR/<name>
# at it; <name>.sha256 records "<sha256 of the source> <flags>" (./mose
# compares the first field to decide whether setup must run). Each build keeps
# its own file because checkouts with different sources share this folder, and
# a running service must keep the file CRIU recorded at its dump: the kernel
# resolved the symlink when it started, and its restore looks for that file.
install_sample() {
    local name="$1"
    local src="$REPO_DIR/samples/$name/$name.c" link="$SAMPLES_DIR/$name"
    [[ -f "$src" ]] || die "missing $src (each samples/<name> folder holds a <name>.c)"
    local want id
    want="$(sha256sum "$src" | cut -d' ' -f1) ${SAMPLE_CFLAGS[*]}"
    id="$(echo "$want" | sha256sum | cut -c1-12)"
    local bin="$SAMPLES_DIR/$name-$id"
    if [[ -x "$bin" && "$(readlink "$link" 2>/dev/null || true)" == "$name-$id" ]]; then
        log "$name already built ($link -> $name-$id)"
        return
    fi

    mkdir -p "$SAMPLES_DIR"
    if [[ ! -x "$bin" ]]; then
        log "compiling $name into $bin"
        local buildlog="$LOG_DIR/$name-build.log"
        add_cleanup "rm -f '$bin.new'"
        gcc "${SAMPLE_CFLAGS[@]}" -o "$bin.new" "$src" >"$buildlog" 2>&1 \
            || fail_step "compiling $src" "fix the compiler errors shown, then run again" "$buildlog"
        mv -f "$bin.new" "$bin"
    fi

    # Renamed over the old link (or an older plain file) so that no start ever
    # finds the name missing.
    ln -sfn "$name-$id" "$link.new"
    mv -fT "$link.new" "$link"
    echo "$want" >"$link.sha256"
    log "$link -> $name-$id"
}

# ---------------------------------------------------------------- .NET

check_dotnet() {
    command -v dotnet >/dev/null 2>&1 \
        || die "dotnet not found: install the .NET SDK $DOTNET_MIN_MAJOR or newer (https://dot.net), then run again"
    local v
    v="$(DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 dotnet --version 2>/dev/null || true)"
    [[ "$v" =~ ^[0-9]+\. ]] \
        || die "'dotnet --version' gave no SDK version (only a runtime installed?): install the .NET SDK $DOTNET_MIN_MAJOR or newer"
    (( ${v%%.*} >= DOTNET_MIN_MAJOR )) \
        || die "dotnet SDK $v is too old: Mose needs $DOTNET_MIN_MAJOR or newer"
    log "dotnet $v"
}

# ---------------------------------------------------------------- main

main() {
    check_host
    take_lock
    install_apt_packages
    CRIU_VERSION=""
    setup_criu
    local sample
    for sample in "$REPO_DIR"/samples/*/; do
        install_sample "$(basename "$sample")"
    done
    check_dotnet
    local runc_version
    runc_version="$(runc --version 2>/dev/null | sed -n 's/^runc version //p' | head -n 1)"
    log "ok (criu $CRIU_VERSION at $CRIU_WRAPPER, runc ${runc_version:-unknown})"
}

main "$@"
