#!/bin/sh
# tests/lint/layers.sh: dependencies run one way, down the layers (docs/architecture.md):
#   base → vn → store → web → core → features (org, people, …) → app
# A file may include headers of its own folder, of a lower layer, and nothing else: not a higher
# layer, and not another feature's folder (features meet only through core and app). Fails on
# every upward or sideways #include, naming the file, the line and both layers. Also fails on a
# source file outside the layer folders, an include that names no file of the tree, or a header
# name found in two folders (includes are by bare name). Exceptions are listed below, each with
# its reason; there are none today.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT" || exit 1

# check_tree DIR: writes every problem of the tree DIR (its src/) to standard output. One awk
# pass over every file: a shell loop that ran `find` once per include took 80 s of CI on a slow
# machine (process starts are the cost there), this takes well under one.
# Layer ranks: base 1, vn 2, store 3, web 4, core 5, any other folder of src/ 6 (the features
# share one rank), app 7.
# Allowed exceptions: "FILE INCLUDED-HEADER reason…", one per line (read by awk from the
# environment).
EXCEPTIONS=""
export EXCEPTIONS
check_tree() (
  cd "$1" || exit 1
  for f in src/*.c src/*.h; do
    [ -e "$f" ] || continue
    echo "$f: outside the layer folders (put it in src/base, vn, store, web, core, a feature folder or app)"
  done
  # Header names must be unique across folders.
  find src -mindepth 2 -name '*.h' | sed 's|.*/||' | sort | uniq -d | while read -r h; do
    echo "$h: the same header name in two folders: $(find src -name "$h" | tr '\n' ' ')"
  done
  # The first input lists every path under src/ in find's order (an include resolves to the first
  # path with its name, as `find … | head -n 1` would); then each source file, in sorted order.
  paths=$(mktemp)
  find src -mindepth 2 > "$paths"
  # shellcheck disable=SC2046
  awk '
    function rank(d) {
      if (d == "base") return 1; if (d == "vn") return 2; if (d == "store") return 3
      if (d == "web") return 4; if (d == "core") return 5; if (d == "app") return 7
      return 6
    }
    function folder(path,   parts) { split(path, parts, "/"); return parts[2] }
    BEGIN { n = split(ENVIRON["EXCEPTIONS"], lines, "\n")
            for (i = 1; i <= n; i++) if (lines[i] != "") excepted[lines[i]] = 1 }
    FNR == NR {
      name = $0; sub(/.*\//, "", name)
      if (!(name in first)) first[name] = $0
      next
    }
    /^[[:space:]]*#[[:space:]]*include[[:space:]]*"/ {
      f = FILENAME; dir = folder(f); own = rank(dir)
      h = $0
      # the last `include "…"` of the line, as the greedy sed of the shell version took
      rest = $0; h = ""
      while (match(rest, /include[[:space:]]*"[^"]*"/)) {
        h = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH)
      }
      if (h == "") h = $0; else { sub(/^include[[:space:]]*"/, "", h); sub(/"$/, "", h) }
      base = h; sub(/.*\//, "", base)
      if (!(base in first)) {
        # the generated list of embedded files lives in the build folder
        if (h == "embedded_data.h") next
        printf "%s:%d: includes \"%s\", which is no file under src/\n", f, FNR, h; next
      }
      tdir = folder(first[base])
      if (tdir == dir) next
      trank = rank(tdir)
      for (e in excepted) if (index(e, f " " h " ") == 1) next
      if (trank > own)
        printf "%s:%d: includes \"%s\" of %s/ (layer %d) from %s/ (layer %d): dependencies must run down the layers\n", f, FNR, h, tdir, trank, dir, own
      else if (trank == own && own == 6)
        printf "%s:%d: includes \"%s\" of feature %s/ from feature %s/: features meet through core (hand-over tables) or app, not each other\47s headers\n", f, FNR, h, tdir, dir
    }
  ' "$paths" $(find src -mindepth 2 -name '*.[ch]' | sort)
  rm -f "$paths"
)

# The lint must catch what it is for: a tree with one upward and one sideways include fails.
selftest=$(mktemp -d)
mkdir -p "$selftest/src/base" "$selftest/src/app" "$selftest/src/org" "$selftest/src/people"
printf '#include "app.h"\n' > "$selftest/src/base/low.c"
printf '#include "people.h"\n' > "$selftest/src/org/org.c"
: > "$selftest/src/app/app.h"; : > "$selftest/src/people/people.h"
seen=$(check_tree "$selftest" | grep -c 'src/base/low.c:1\|src/org/org.c:1')
rm -rf "$selftest"
if [ "$seen" != 2 ]; then
  echo "FAIL lint/layers: the self-test tree's upward and sideways includes were not both caught ($seen of 2)"
  exit 1
fi

found=$(check_tree "$ROOT")
if [ -n "$found" ]; then
  echo "FAIL lint/layers: $(printf '%s\n' "$found" | wc -l) include(s) against the layers:"
  printf '%s\n' "$found" | sed 's/^/    /'
  exit 1
fi
echo "PASS lint/layers: $(find "$ROOT/src" -mindepth 2 -name '*.[ch]' | wc -l) files, every include runs down the layers (self-test caught both planted faults)"
