# Shared by the benchmark scripts (sourced, not run): builds the release
# gateway, starts it in a scratch directory on a free port, registers agents.
# Callers set `root` (the repository) before sourcing, and may set
# `bench_build_dir` (default: the release build) to run other binaries.

bench_require() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install $tool" >&2; exit 1; }
    done
}

bench_build_gateway() {
    cmake --preset release >/dev/null
    cmake --build --preset release -j"$(nproc)" --target aegis-gateway >/dev/null
}

# bench_start_gateway WORKDIR [VAR=value...]: starts the gateway in WORKDIR
# with the extra environment; sets gateway_pid, url and admin (curl args).
bench_start_gateway() {
    local work=$1
    shift
    # exec: the pid kept is the gateway's own, so that stopping it stops it.
    (cd "$work" && exec env AEGIS_BIND=127.0.0.1:0 AEGIS_ADMIN_TOKEN=bench-admin-token-0123456789 \
        QT_LOGGING_RULES="aegis.http.access.info=false" "$@" \
        "${bench_build_dir:-$root/build/release}/gateway/aegis-gateway" >gateway.log 2>&1) &
    gateway_pid=$!
    local port=""
    for _ in $(seq 1 100); do
        port=$(grep -oE 'listening on http://127.0.0.1:[0-9]+' "$work/gateway.log" | grep -oE '[0-9]+$' || true)
        [[ -n "$port" ]] && break
        sleep 0.1
    done
    [[ -n "$port" ]] || { echo "the gateway did not start:" >&2; cat "$work/gateway.log" >&2; exit 1; }
    url="http://127.0.0.1:$port"
    admin=(-H "Authorization: Bearer bench-admin-token-0123456789")
}

bench_stop_gateway() {
    kill "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
}

# bench_register_agents TOKENS_FILE AGENTS TENANTS: one token per line.
bench_register_agents() {
    local file=$1 agents=$2 tenants=$3 t a tenant
    for t in $(seq 1 $((tenants - 1))); do
        # A generated database has the tenants already: 409 is fine.
        local status
        status=$(curl -s -o /dev/null -w '%{http_code}' "${admin[@]}" -X POST "$url/v1/tenants" -d "{\"id\":\"bench-$t\"}")
        [[ $status == 201 || $status == 200 || $status == 409 ]] || { echo "tenant bench-$t: HTTP $status" >&2; return 1; }
    done
    : >"$file"
    for a in $(seq 1 "$agents"); do
        tenant=default
        (( a % tenants != 0 )) && tenant="bench-$((a % tenants))"
        curl -fs "${admin[@]}" -X POST "$url/v1/agents" -d "{\"agent_key\":\"agent-$$-$a\",\"tenant_id\":\"$tenant\"}" \
            | jq -r .agent_token >>"$file"
    done
}

# Fields of wrk's output.
bench_rate() { grep -E '^Requests/sec' | awk '{print $2}'; }
bench_p99_ms() {
    # wrk --latency prints "99%   12.34ms" (or us/s): normalise to ms.
    grep -E '^ +99%' | awk '{ v=$2; u=v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
        if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.2f", v }'
}
bench_errors() { grep -E 'Non-2xx|Socket errors' || true; }
