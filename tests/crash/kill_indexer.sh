#!/usr/bin/env bash
# Crash safety at random points: kills the indexer (kill -9) at KILLS seeded random moments, spread
# over a first import (into a new directory: the bulk path, all or nothing), the incremental path
# (over a database holding one article, or a first import with --in-place, batch by batch),
# --rebuild (over a complete one) and --prune (after some sources were removed). After each kill: xapian-check on the live database, `search` opens it (a
# killed first import leaves nothing or everything), and a rerun completes to exactly the expected
# article count, with exactly the expected quotation documents in the quotations database beside
# it. Prints one line per kill and a summary; exit 1 on the first failure.
# Usage: kill_indexer.sh INDEXER SEARCH WORKDIR CORPUS_DIR[:CORPUS_DIR...] [KILLS [SEED]]
# (each CORPUS_DIR is copied into WORKDIR/src under its own name)
set -uo pipefail
indexer=$1 search=$2 work=$3 corpus=$4 kills=${5:-20} seed=${6:-15}
RANDOM=$seed
rm -rf "$work"
mkdir -p "$work"
src=$work/src
db=$work/db
mkdir -p "$src"
IFS=: read -ra dirs <<<"$corpus"
for d in "${dirs[@]}"; do cp -r "$d" "$src/"; done
opts=(--batch-size 100 -j 2)

fail() {
    echo "kill_indexer: FAIL: $*" >&2
    exit 1
}
now_ms() { date +%s%3N; }
count() {  # matching articles of "" (every article); empty when search cannot open the database
    "$search" --db "$db" "" --facets 0 --limit 0 2>"$work/search.err" | sed -n 's/^\([0-9]*\) matching articles.*/\1/p'
}
timed() {  # runs the indexer to completion, prints its wall time in ms
    local t0
    t0=$(now_ms)
    "$indexer" --db "$db" "${opts[@]}" "$@" >/dev/null 2>"$work/indexer.err" || fail "indexer $* failed: $(tail -1 "$work/indexer.err")"
    echo $(($(now_ms) - t0))
}
live() {
    if [ -f "$db/XAPIANDB" ]; then echo "$db/$(awk '{print $2}' "$db/XAPIANDB")"; else echo "$db"; fi
}
quotations() {  # documents in the live database's quotations database
    xapian-delve "$(live)/quotes" 2>/dev/null | sed -n 's/^number of documents = //p'
}
check_live() {  # $1 = what was killed
    local l
    l=$(live)
    if [ -e "$l/iamglass" ]; then
        xapian-check "$l" >"$work/check.out" 2>&1 || fail "$1: xapian-check $l: $(tail -3 "$work/check.out")"
        if [ -e "$l/quotes/iamglass" ]; then
            xapian-check "$l/quotes" >"$work/check.out" 2>&1 || fail "$1: xapian-check $l/quotes: $(tail -3 "$work/check.out")"
        fi
        "$search" --db "$db" "" --facets 0 --limit 0 >/dev/null 2>"$work/search.err"
        (($? <= 1)) || fail "$1: search cannot open the database: $(cat "$work/search.err")"
    fi
}
kill_at() {  # $1 = ms; the rest: indexer arguments. Prints 1 when the kill landed mid-run.
    local ms=$1
    shift
    "$indexer" --db "$db" "${opts[@]}" "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null
        echo 1
    else
        wait "$pid" 2>/dev/null
        echo 0
    fi
}

# Reference runs: the expected count and how long each path takes (the kills land inside that).
# The seed: one article of src under the same relative path (so the same id), indexed alone.
seed_file=$(cd "$src" && find . -name '*.txt' | sort | head -1)
mkdir -p "$work/seed/$(dirname "$seed_file")"
cp "$src/$seed_file" "$work/seed/$seed_file"
rm -rf "$db"
timed "$work/seed" >/dev/null
[ "$(count)" = 1 ] || fail "the seed article's import left $(count) articles, not 1"
t_inc=$(timed "$src")
expected=$(count)
[ -n "$expected" ] && ((expected > 1)) || fail "reference run indexed nothing"
expected_quotes=$(quotations)
[ -n "$expected_quotes" ] && ((expected_quotes > 0)) || fail "reference run wrote no quotation"
rm -rf "$db"
t_first=$(timed "$src")
[ "$(count)" = "$expected" ] || fail "reference first import: $(count) articles, expected $expected"
[ "$(quotations)" = "$expected_quotes" ] || fail "reference first import: $(quotations) quotations, expected $expected_quotes"
t_rebuild=$(timed --rebuild "$src")
[ "$(count)" = "$expected" ] || fail "reference --rebuild: $(count) articles, expected $expected"
mkdir -p "$work/removed"
mapfile -t victims < <(cd "$src" && find . -name '*.txt' | sort | awk 'NR % 10 == 0')
t_prune=$(
    for v in "${victims[@]}"; do mkdir -p "$work/removed/$(dirname "$v")"; mv "$src/$v" "$work/removed/$v"; done
    timed --prune "$src"
)
pruned=$((expected - ${#victims[@]}))
[ "$(count)" = "$pruned" ] || fail "reference --prune: $(count) articles, expected $pruned"
pruned_quotes=$(quotations)
restore() { (cd "$work/removed" && find . -name '*.txt' | while read -r v; do mv "$v" "$src/$v"; done); }
restore
timed "$src" >/dev/null
echo "kill_indexer: $expected articles, $expected_quotes quotations; reference runs: first import ${t_first} ms, incremental ${t_inc} ms, --rebuild ${t_rebuild} ms, --prune ${t_prune} ms"

landed=0
for ((i = 0; i < kills; i++)); do
    r=$(((RANDOM << 15 | RANDOM) % 1000))  # per mille of the run
    case $((i % 5)) in
    0)
        what='first import'
        rm -rf "$db"
        ms=$((t_first * r / 1000))
        hit=$(kill_at "$ms" "$src")
        check_live "$what at ${ms} ms"
        got=$(count)
        [ -z "$got" ] || [ "$got" = "$expected" ] || fail "$what killed at ${ms} ms: the index holds $got articles, not none or $expected"
        timed "$src" >/dev/null
        want=$expected want_quotes=$expected_quotes
        ;;
    1)
        rm -rf "$db"
        if ((i % 10 == 1)); then
            what='first import --in-place'  # batch by batch, while Xapian creates the database
            ms=$((t_inc * r / 1000))
            hit=$(kill_at "$ms" --in-place "$src")
        else
            what=incremental
            timed "$work/seed" >/dev/null
            ms=$((t_inc * r / 1000))
            hit=$(kill_at "$ms" "$src")
        fi
        check_live "$what at ${ms} ms"
        timed "$src" >/dev/null
        want=$expected want_quotes=$expected_quotes
        ;;
    2 | 3)
        what=--rebuild
        ms=$((t_rebuild * r / 1000))
        hit=$(kill_at "$ms" --rebuild "$src")
        check_live "$what at ${ms} ms"
        [ "$(count)" = "$expected" ] || fail "$what killed at ${ms} ms: the live index holds $(count) articles, not $expected"
        timed --rebuild "$src" >/dev/null
        want=$expected want_quotes=$expected_quotes
        ;;
    4)
        what=--prune
        for v in "${victims[@]}"; do mv "$src/$v" "$work/removed/$v"; done
        ms=$((t_prune * r / 1000))
        hit=$(kill_at "$ms" --prune "$src")
        check_live "$what at ${ms} ms"
        timed --prune "$src" >/dev/null
        want=$pruned want_quotes=$pruned_quotes
        ;;
    esac
    got=$(count)
    [ "$got" = "$want" ] || fail "$what killed at ${ms} ms: rerun left $got articles, expected $want"
    got_quotes=$(quotations)
    [ "$got_quotes" = "$want_quotes" ] || fail "$what killed at ${ms} ms: rerun left $got_quotes quotations, expected $want_quotes"
    echo "kill $((i + 1))/$kills: $what at ${ms} ms ($((r / 10)).$((r % 10))% of the run)$([ "$hit" = 1 ] || echo ', finished before the kill'): xapian-check clean, search opens, rerun: $got articles, $got_quotes quotations"
    landed=$((landed + hit))
    if [ "$what" = --prune ]; then
        restore
        timed "$src" >/dev/null
    fi
done
echo "kill_indexer: $kills kills ($landed mid-run), 0 databases corrupt, 0 articles or quotations lost"
