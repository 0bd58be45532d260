#!/usr/bin/env bash
# cowsay benchmark: our release binary against Debian's /usr/games/cowsay (Perl), whole processes
# timed by hyperfine, median (and min–max) of many runs. Cold start on a short message, then a
# 1 MB message on standard input, wrapped and with -n. Prints a markdown table.
#
#   scripts/bench-cowsay.sh [RUNS]      e.g. scripts/bench-cowsay.sh 200   (the 1 MB runs: RUNS/10)
set -euo pipefail
cd "$(dirname "$0")/.."
prog=bench
# shellcheck source=lib/common.sh
. scripts/lib/common.sh
runs=${1:-200}
case $runs in ''|*[!0-9]*) die "RUNS must be a whole number, not '$runs'" ;; esac
(( runs >= 10 && runs <= 2000 )) || die "RUNS must be from 10 to 2000"
big_runs=$(( runs / 10 ))
need hyperfine hyperfine
[ -x /usr/games/cowsay ] || apt_install cowsay

cargo build --release --locked -p cowsay >&2
need_xtask
ours=$PWD/target/release/cowsay
export LC_ALL=C.UTF-8

work=''
temp_dir work
# 1 MB of words on one line: a single paragraph, the wrapper's worst case. (head may cut a
# character in two: iconv drops the piece, which Debian's cowsay would die on.)
words='Un éléphant dans un boa, la vache dit meuh et le stégosaure dit Yo! '
head -c 1048576 < <(yes "$words" | tr -d '\n') | iconv -f UTF-8 -t UTF-8 -c > "$work/1mb.txt"
printf '\n' >> "$work/1mb.txt"
big=$work/1mb.txt


# bench LABEL RUNS COMMAND [STDIN-FILE]: without a file, no shell (-N); with one, hyperfine's
# shell redirects it and hyperfine subtracts the shell's own start-up.
bench() {
  local label=$1 n=$2 command=$3 input=${4:-} json=$work/result.json shown
  if [ -z "$input" ]; then
    hyperfine -N --warmup 5 --runs "$n" --output=null --export-json "$json" "$command" >&2
    shown=${command#"$PWD/"}
  else
    hyperfine --warmup 2 --runs "$n" --output=null --export-json "$json" "$command < $input" >&2
    shown="${command#"$PWD/"} < 1mb.txt"
  fi
  xtask hyperfine-row --label "$label" --shown "$shown" --runs "$n" --json "$json"
}

printf '| case | command | runs | median | min–max |\n|---|---|---:|---:|---:|\n'
bench "cold start, ours" "$runs" "$ours hi"
bench "cold start, Debian" "$runs" "/usr/games/cowsay hi"
bench "1 MB wrapped, ours" "$big_runs" "$ours" "$big"
bench "1 MB wrapped, Debian" "$big_runs" "/usr/games/cowsay" "$big"
bench "1 MB -n, ours" "$big_runs" "$ours -n" "$big"
bench "1 MB -n, Debian" "$big_runs" "/usr/games/cowsay -n" "$big"
