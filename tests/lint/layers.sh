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

# folder → layer rank; features share one rank
rank_of() {
  case "$1" in
    base) echo 1 ;; vn) echo 2 ;; store) echo 3 ;; web) echo 4 ;; core) echo 5 ;;
    app) echo 7 ;;
    *) [ -d "src/$1" ] && echo 6 || echo 0 ;;
  esac
}
# Allowed exceptions: "FILE INCLUDED-HEADER reason…", one per line.
EXCEPTIONS=""

# check_tree DIR: writes every problem of the tree DIR (its src/) to standard output.
check_tree() (
  cd "$1" || exit 1
  problems=$(mktemp)
  for f in src/*.c src/*.h; do
    [ -e "$f" ] || continue
    echo "$f: outside the layer folders (put it in src/base, vn, store, web, core, a feature folder or app)" >> "$problems"
  done
  # Header names must be unique across folders.
  find src -mindepth 2 -name '*.h' | sed 's|.*/||' | sort | uniq -d | while read -r h; do
    echo "$h: the same header name in two folders: $(find src -name "$h" | tr '\n' ' ')" >> "$problems"
  done
  for f in $(find src -mindepth 2 -name '*.[ch]' | sort); do
    dir=$(echo "$f" | cut -d/ -f2)
    own=$(rank_of "$dir")
    grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | while IFS= read -r line; do
      n=${line%%:*}
      h=$(echo "$line" | sed 's/.*include[[:space:]]*"\([^"]*\)".*/\1/')
      target=$(find src -mindepth 2 -name "$(basename "$h")" | head -n 1)
      if [ -z "$target" ]; then
        # the generated list of embedded files lives in the build folder
        [ "$h" = embedded_data.h ] && continue
        echo "$f:$n: includes \"$h\", which is no file under src/" >> "$problems"; continue
      fi
      tdir=$(echo "$target" | cut -d/ -f2)
      [ "$tdir" = "$dir" ] && continue
      trank=$(rank_of "$tdir")
      if echo "$EXCEPTIONS" | grep -q "^$f $h "; then continue; fi
      if [ "$trank" -gt "$own" ]; then
        echo "$f:$n: includes \"$h\" of $tdir/ (layer $trank) from $dir/ (layer $own): dependencies must run down the layers" >> "$problems"
      elif [ "$trank" -eq "$own" ] && [ "$own" -eq 6 ]; then
        echo "$f:$n: includes \"$h\" of feature $tdir/ from feature $dir/: features meet through core (hand-over tables) or app, not each other's headers" >> "$problems"
      fi
    done
  done
  cat "$problems"
  rm -f "$problems"
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
