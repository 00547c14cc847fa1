#!/usr/bin/env bash
# Makes sure a Docker Engine answers on this machine. Installs Debian's docker.io when missing and
# starts dockerd without a bridge or iptables rules: sandbox containers never get a network, and
# this machine must send no traffic to private address ranges. Recovers from a dockerd that was
# killed (stale pid files and sockets). Logs to $CRUCIBLE_STATE/dockerd.log.
set -euo pipefail
STATE="${CRUCIBLE_STATE:-/var/lib/crucible}"
mkdir -p "$STATE"
LOG="$STATE/dockerd.log"

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

if engine_answers; then
    exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
    echo "setup: installing Debian's docker.io (Docker Engine)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi

# A pid file names a live process only if that pid runs the expected program and is not a
# zombie: a killed daemon may linger unreaped, and its pid may have been reused since.
pid_alive() {
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 1
    [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
    [ "$(awk '{print $3}' "/proc/$pid/stat")" != "Z" ] || return 1
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}

if pid_alive /var/run/docker.pid dockerd; then
    echo "setup: dockerd (pid $(cat /var/run/docker.pid)) is running but not answering yet"
else
    # A dockerd or containerd that was killed leaves its pid files and sockets behind.
    rm -f /var/run/docker.pid /var/run/docker.sock
    if ! pid_alive /var/run/docker/containerd/containerd.pid containerd; then
        rm -f /var/run/docker/containerd/containerd.pid /var/run/docker/containerd/containerd.sock \
              /var/run/docker/containerd/containerd.sock.ttrpc
    fi
    echo "setup: starting dockerd --bridge=none --iptables=false (log: $LOG)"
    setsid nohup dockerd --bridge=none --iptables=false --ip-masq=false \
        >>"$LOG" 2>&1 </dev/null &
fi

for _ in $(seq 1 120); do
    if engine_answers; then
        echo "setup: Docker Engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
        exit 0
    fi
    sleep 0.5
done
echo "setup: dockerd did not answer within 60 s; last lines of $LOG:" >&2
tail -n 20 "$LOG" >&2
exit 1
