#!/bin/sh
# tests/lint/portable-sql.sh: no SQLite-only SQL outside the SQLite backend (issue 2, store.h).
# Resource files write their SQL once; a PostgreSQL backend must run it unchanged, so constructs
# that only SQLite understands belong behind a store API function, implemented per backend
# (store_fts_query, store_scrub_begin, store_data_version …). Keywords in capitals (MATCH, GLOB)
# are matched as written, so English words in messages do not count. Checked: every C string literal in
# src/**/*.c except the SQLite backend's own files (store_sqlite*.c, vn_fts.c: registered into
# SQLite). Each finding names file, line and the construct; PG-compatible spellings exist for all.
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
exec python3 - "$ROOT" <<'PY'
import os, re, sys
root = sys.argv[1]
src = os.path.join(root, "src")
backend = re.compile(r'^(store_sqlite.*|vn_fts)\.c$')
# construct → why (and what to write instead)
rules = [
    (r'\bPRAGMA\b', 'PRAGMA is SQLite-only: add a store API function'),
    (r'\bgroup_concat\s*\(', 'group_concat is SQLite-only (PostgreSQL: string_agg): return rows instead'),
    (r'\bINSERT\s+OR\s+(IGNORE|REPLACE)\b', 'INSERT OR … is SQLite-only: use INSERT … ON CONFLICT'),
    (r'\bREPLACE\s+INTO\b', 'REPLACE INTO is SQLite-only: use INSERT … ON CONFLICT DO UPDATE'),
    (r'\bifnull\s*\(', 'ifnull is SQLite-only: use coalesce'),
    (r'\b(julianday|unixepoch|datetime|strftime)\s*\(', 'SQLite date functions: compute dates in C (vn_date, util)'),
    (r"\bdate\s*\(\s*'now'", "date('now') is SQLite-only: pass today's date as a parameter"),
    (r'\b(last_insert_rowid|total_changes|changes)\s*\(\s*\)', 'SQLite-only: use RETURNING id / store_changes'),
    (r'\browid\b', 'rowid is SQLite-only: use the primary key'),
    (r'\bsqlite_\w+', 'SQLite catalog tables: add a store API function'),
    (r'\bAUTOINCREMENT\b', 'AUTOINCREMENT belongs to the SQLite schema (sql/), not to resource SQL'),
    (r'(?-i:\bGLOB\b)', 'GLOB is SQLite-only: use LIKE'),
    (r'(?-i:\bMATCH\b)', 'full-text MATCH is dialect-specific: use store_fts_query'),
    (r'\b(json_extract|json_each|json_group_array|json_group_object)\s*\(', 'SQLite JSON functions: build JSON in C'),
    (r'\b(randomblob|zeroblob|typeof|instr|printf|hex)\s*\(', 'SQLite-only function'),
    (r'\bLIMIT\s+-1\b', 'LIMIT -1 is SQLite-only: leave LIMIT out'),
]
rules = [(re.compile(p, re.I), why) for p, why in rules]
literal = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
bad = []
# every .c under src/ and its layer folders, by path relative to src/
files = sorted(os.path.relpath(os.path.join(d, f), src) for d, _, fs in os.walk(src) for f in fs)
if sum(f.endswith(".c") for f in files) < 20:
    print("FAIL lint: found %d C files under %s: is the tree there?" % (sum(f.endswith(".c") for f in files), src)); sys.exit(1)
for name in files:
    if not name.endswith('.c') or backend.match(os.path.basename(name)):
        continue
    for n, line in enumerate(open(os.path.join(src, name), encoding='utf-8'), 1):
        for m in literal.finditer(line):
            text = m.group(1)
            for rx, why in rules:
                f = rx.search(text)
                if f:
                    bad.append(f'src/{name}:{n}: "{f.group(0)}": {why}')
if bad:
    print('FAIL lint: SQLite-only SQL outside the backend:')
    for b in bad:
        print('    ' + b)
    sys.exit(1)
print('PASS lint: resource SQL is portable (no SQLite-only constructs outside store_sqlite*.c)')
PY
