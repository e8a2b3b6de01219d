#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for FUZZ_SECONDS (default 60), printing per target
# executions, coverage (cov/ft of libFuzzer's last status line) and crashes.
#   Fuzz/fuzz.sh                      all targets     FUZZ_SECONDS=600 Fuzz/fuzz.sh FuzzCSV FuzzURL
# Corpora grow in Fuzz/Corpus/<target>/ (not in git); crashes land in Fuzz/Artifacts/ and
# make the script exit 1. Logs: Fuzz/Logs/<target>.log.
set -uo pipefail
cd "$(dirname "$0")"
SWIFT=${SWIFT:-swift}
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(FuzzCSV FuzzJSON FuzzJSONLines FuzzURL FuzzRender FuzzCleanRow)
FLAGS=(-c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)

"$SWIFT" build "${FLAGS[@]}" 2>&1 | grep -v "Cannot export local symbol" | grep -E "error|warning: .*swift" && exit 2
BIN=$("$SWIFT" build "${FLAGS[@]}" --show-bin-path)

seeds()   { case $1 in FuzzCSV) echo csv;; FuzzJSON) echo json;; FuzzJSONLines) echo jsonl;; FuzzURL) echo url;; FuzzRender) echo render;; FuzzCleanRow) echo cleanrow;; esac; }
max_len() { case $1 in FuzzURL) echo 4096;; FuzzRender|FuzzCleanRow) echo 8192;; *) echo 16384;; esac; }

# CPU seconds (user + system) used so far by this shell's finished children.
# (`times` must run in this shell, not in a pipeline's subshell.)
cpu_children() { times >"Logs/.$t.times"; tail -1 "Logs/.$t.times" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", u[1]*60 + u[2] + s[1]*60 + s[2] }'; }

mkdir -p Corpus Artifacts Logs
status=0
printf '%-14s %8s %8s %12s %8s %8s %8s\n' target seconds cpu-s executions cov ft crashes
for t in "${TARGETS[@]}"; do
    mkdir -p "Corpus/$t"
    before=$(ls Artifacts | grep -c "^$t-" || true)
    cpu_children >"Logs/.$t.start"
    nice -n 10 "$BIN/$t" "Corpus/$t" "Seeds/$(seeds "$t")" \
        -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="Artifacts/$t-" >"Logs/$t.log" 2>&1
    code=$?
    cpu_children >"Logs/.$t.end"; cpu=$(( $(cat "Logs/.$t.end") - $(cat "Logs/.$t.start") ))
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "Logs/$t.log" | awk '{print $2}')
    last=$(grep -E '^#[0-9]+.*cov: ' "Logs/$t.log" | tail -1)
    cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
    crashes=$(( $(ls Artifacts | grep -c "^$t-" || true) - before ))
    printf '%-14s %8s %8s %12s %8s %8s %8s\n' "$t" "$SECONDS_EACH" "$cpu" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes"
    if [ "$code" -ne 0 ] || [ "$crashes" -gt 0 ]; then status=1; echo "  $t: exit $code; see Fuzz/Logs/$t.log and Fuzz/Artifacts/"; fi
done
exit $status
