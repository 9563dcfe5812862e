#!/bin/sh
# tests/lint/html-escape.sh: fails when user data could reach HTML unescaped.
# Rules (see src/html.h): (1) a format with the raw conversion %R must say why on its statement
# with a `// raw:` comment; (2) only html.c and web.c write into a reply buffer directly
# (buf_puts/buf_printf/buf_append on r->out or &r->out; server.c writes the transport);
# (3) no printf-family into r->out. Non-HTML bodies go through web_body().
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
exec python3 - "$ROOT" <<'PY'
import os, re, sys
root = sys.argv[1]
src = os.path.join(root, "src")
bad = []
call = re.compile(r'\b(html|html_buf|html_v|html_buf_v)\s*\(')
# every .c under src/ and its layer folders, by path relative to src/
files = sorted(os.path.relpath(os.path.join(d, f), src) for d, _, fs in os.walk(src) for f in fs)
if sum(f.endswith(".c") for f in files) < 20:
    print("FAIL lint: found %d C files under %s: is the tree there?" % (sum(f.endswith(".c") for f in files), src)); sys.exit(1)
for name in files:
    if not name.endswith(".c"):
        continue
    text = open(os.path.join(src, name), encoding="utf-8").read()
    for m in call.finditer(text):
        # the statement: from the call to the first ';' at depth 0, plus the rest of that line
        i, depth = m.end(), 1
        in_str = False
        while i < len(text) and depth:
            c = text[i]
            if in_str:
                if c == '\\': i += 1
                elif c == '"': in_str = False
            elif c == '"': in_str = True
            elif c == '(': depth += 1
            elif c == ')': depth -= 1
            i += 1
        end = text.find("\n", i)
        stmt = text[m.start(): end if end >= 0 else len(text)]
        fmt = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', stmt.split(",")[1] if "," in stmt else ""))
        if "%R" in stmt and "// raw:" not in stmt:
            line = text.count("\n", 0, m.start()) + 1
            bad.append(f"{name}:{line}: %R without a '// raw: why' comment")
    if os.path.basename(name) not in ("html.c", "web.c", "server.c"):  # server.c: transport, not HTML
        for lm in re.finditer(r'buf_(puts|printf|append|putc)\s*\(\s*&?r->out', text):
            line = text.count("\n", 0, lm.start()) + 1
            bad.append(f"{name}:{line}: writes into the reply buffer directly; use html()")
        for lm in re.finditer(r'\b(s?n?printf|fputs|fwrite)\s*\([^;]*r->out', text):
            line = text.count("\n", 0, lm.start()) + 1
            bad.append(f"{name}:{line}: printf-family into the reply buffer")
if bad:
    print("FAIL lint:html-escape: " + str(len(bad)) + " problem(s)")
    for b in bad: print("    " + b)
    sys.exit(1)
print("PASS lint:html-escape")
PY
