#!/usr/bin/env bash
# The documentation's own commands and links (docs/testing.md). Indexes corpus/articles into a
# scratch archive.db, then:
#  - runs every command line of a fenced code block in README.md and docs/*.md that starts with
#    dossier-index, dossier-search or dossier-watch (after an optional "$ "), pipelines included, with the build's
#    binaries first on PATH, DOSSIER_DB=archive.db and the scratch directory (where corpus/ is the
#    repository's) as working directory; it must exit 0, or N where the line ends in "# exit N".
#    A line ending in "# not run: REASON" is counted and skipped, as are jq pipelines without jq;
#  - checks that every relative link of README.md, ARCHITECTURE.md and docs/*.md resolves (file,
#    and heading for a #anchor into Markdown);
#  - checks that README.md has at most 350 lines and that each figure of its headline table
#    appears verbatim in the results file (else the page) its row links to.
# From the repository root: bash tests/e2e/test_doc_commands.sh (DOSSIER_BIN defaults to build/bin).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${DOSSIER_SOURCE:=$(cd "$here/../.." && pwd)}"
: "${DOSSIER_BIN:=$DOSSIER_SOURCE/build/bin}"
export DOSSIER_SOURCE DOSSIER_BIN
source "$here/lib.sh"

README_MAX_LINES=350
for tool in "$INDEX" "$SEARCH"; do
  [ -x "$tool" ] || { echo "FAIL: $tool not found (build first, or set DOSSIER_BIN)" >&2; exit 1; }
done

SANDBOX="$WORK/sandbox"
mkdir -p "$SANDBOX/home"
ln -s "$DOSSIER_SOURCE/corpus" "$SANDBOX/corpus"
DB="$SANDBOX/archive.db"
run_capture index "$INDEX" --quiet --jobs 2 --db "$DB" "$SANDBOX/corpus/articles"
if [ "$status" -ne 0 ]; then
  fail "indexing corpus/articles into $DB: exit $status"; cat "$WORK/index.err" >&2; exit 1
fi

# --- extract the commands, check links, README length and headline figures (Python) ------------
python3 - "$DOSSIER_SOURCE" "$README_MAX_LINES" >"$WORK/commands.tsv" 2>"$WORK/static.err" <<'PY' || true
import os, re, sys

root, readme_max = sys.argv[1], int(sys.argv[2])
os.chdir(root)
docs = sorted("docs/" + f for f in os.listdir("docs") if f.endswith(".md"))
problems = []

def fenced_lines(path):
    """(line number, text, inside a fenced block) for every line of a Markdown file."""
    fence = None
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        m = re.match(r"\s*(`{3,}|~{3,})", line)
        if m and (fence is None or m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)):
            fence = m.group(1) if fence is None else None
            yield n, line, True
            continue
        yield n, line, fence is not None

def split_comment(line):
    """The shell code and its trailing '#' comment (None if none), quotes respected."""
    quote, i = None, 0
    while i < len(line):
        c = line[i]
        if quote == "'":
            if c == "'": quote = None
        elif quote == '"':
            if c == "\\": i += 1
            elif c == '"': quote = None
        elif c == "\\": i += 1
        elif c in "'\"": quote = c
        elif c == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip(), line[i + 1:].strip()
        i += 1
    return line.rstrip(), None

# 1. Commands: file, line, run|skip, expected status or reason, command.
for path in ["README.md"] + docs:
    pending = None
    for n, line, fenced in fenced_lines(path):
        if not fenced:
            pending = None
            continue
        if pending is not None:                      # continuation of a line ending in '\'
            start, text = pending
            text = text[:-1] + " " + line.strip()
            if text.endswith("\\"):
                pending = (start, text); continue
            pending = None
            n, line = start, text
        else:
            stripped = re.sub(r"^\s*\$ ", "", line).strip()
            if not re.match(r"(dossier-index|dossier-search)(\s|$)", stripped):
                continue
            line = stripped
            if line.endswith("\\"):
                pending = (n, line); continue
        code, comment = split_comment(line)
        kind, info = "run", "0"
        if comment:
            m_exit = re.match(r"exit (\d+)\b", comment)
            m_skip = re.match(r"not run:\s*(.+)", comment)
            if m_exit: info = m_exit.group(1)
            elif m_skip: kind, info = "skip", m_skip.group(1)
        if kind == "run" and re.search(r"--db[= ]+['\"]?/", code):
            problems.append(f"{path}:{n}: an absolute --db path; use a relative name such as archive.db")
        if "\t" in code:
            problems.append(f"{path}:{n}: a tab in a command")
            continue
        print(f"{path}\t{n}\t{kind}\t{info}\t{code}")

# 2. Relative links, with anchors into Markdown files.
def slugs(path):
    seen, out = {}, set()
    for _, line, fenced in fenced_lines(path):
        m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if fenced or not m: continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", m.group(1))
        s = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
        k = seen.get(s, 0); seen[s] = k + 1
        out.add(s if k == 0 else f"{s}-{k}")
    return out

links = 0
for path in ["README.md", "ARCHITECTURE.md"] + docs:
    for n, line, fenced in fenced_lines(path):
        if fenced: continue
        line = re.sub(r"`[^`]*`", "", line)
        targets = re.findall(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", line)
        targets += re.findall(r"^\s*\[[^\]]+\]:\s*(\S+)", line)
        for target in targets:
            if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I): continue   # http:, mailto:, ...
            links += 1
            file_part, _, anchor = target.partition("#")
            dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
            if not os.path.exists(dest):
                problems.append(f"{path}:{n}: broken link {target} ({dest} does not exist)")
            elif anchor and dest.endswith(".md") and anchor not in slugs(dest):
                problems.append(f"{path}:{n}: broken link {target} (no heading #{anchor} in {dest})")

# 3. README length.
readme_lines = sum(1 for _ in open("README.md", encoding="utf-8"))
if readme_lines > readme_max:
    problems.append(f"README.md: {readme_lines} lines, more than {readme_max}")

# 4. Headline figures: each number of a row's figure column appears verbatim in the
#    bench/results file(s) the row links to, or, when it links none, in the pages it links to.
figures, rows, in_section = 0, 0, False
for n, line, fenced in fenced_lines("README.md"):
    if re.match(r"##\s", line):
        in_section = line.strip().lower().startswith("## headline figures")
        continue
    if not in_section or fenced or not line.startswith("|") or re.match(r"\|[\s|:-]+\|$", line):
        continue
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if cells[0].lower() == "what": continue
    rows += 1
    numbers = re.findall(r"\d[\d,]*(?:\.\d+)?", re.sub(r"`[^`]*`", "", cells[1]))
    targets = [t.partition("#")[0] for t in re.findall(r"\]\(([^)\s]+)\)", line)]
    files = [t for t in targets if t.startswith("bench/results/")] or targets
    if not numbers or not files:
        problems.append(f"README.md:{n}: a headline row without a figure or a link")
    for f in files:
        try: text = open(f, encoding="utf-8").read()
        except OSError: continue                      # reported as a broken link above
        for number in numbers:
            figures += 1
            if not re.search(r"(?<![\d.])" + re.escape(number) + r"(?![\d]|[.,]\d)", text):
                problems.append(f"README.md:{n}: headline figure {number} not found in {f}")
if rows == 0:
    problems.append("README.md: no '## Headline figures' table found")

print(f"links={links} readme_lines={readme_lines} headline_figures={figures}", file=sys.stderr)
for p in problems:
    print("PROBLEM " + p, file=sys.stderr)
PY
static=$(grep -v '^PROBLEM ' "$WORK/static.err" || true)
while IFS= read -r problem; do fail "${problem#PROBLEM }"; done < <(grep '^PROBLEM ' "$WORK/static.err" || true)
case "$static" in links=*) ;; *) fail "extracting the commands failed:"; cat "$WORK/static.err" >&2 ;; esac

# --- run the commands ---------------------------------------------------------------------------
have_jq=0; command -v jq >/dev/null && have_jq=1
ran=0; skipped=0; skipped_jq=0
while IFS=$'\t' read -r file line kind info cmd; do
  if [ "$kind" = skip ]; then skipped=$((skipped + 1)); continue; fi
  if [ "$have_jq" -eq 0 ] && grep -qE '\|[[:space:]]*jq([[:space:]]|$)' <<<"$cmd"; then
    skipped_jq=$((skipped_jq + 1)); continue
  fi
  ran=$((ran + 1))
  out="$WORK/cmd-$ran.out"; statfile="$WORK/cmd-$ran.status"
  set +e
  # shellcheck disable=SC2016  # ${PIPESTATUS[*]} is expanded by the inner shell, after $cmd
  (cd "$SANDBOX" && PATH="$DOSSIER_BIN:$PATH" DOSSIER_DB="$DB" HOME="$SANDBOX/home" \
     timeout 60 bash -c "$cmd"$'\n''printf "%s\n" "${PIPESTATUS[*]}" >"$1"' doc-command "$statfile") \
     </dev/null >"$out" 2>&1
  shell_status=$?
  set -e
  if [ ! -s "$statfile" ]; then
    fail "$file:$line: exit $shell_status (timed out or the shell failed), documented $info: $cmd"
    head -n 40 "$out" | sed 's/^/    /' >&2; continue
  fi
  read -r -a stages <"$statfile"
  got=${stages[0]}; last=$((${#stages[@]} - 1)); bad_stage=""
  if [ "$last" -gt 0 ] && [ "$got" -eq 141 ]; then got=0; fi   # SIGPIPE: a reader (head) stopped early
  for ((i = 1; i <= last; i++)); do
    s=${stages[$i]}
    if [ "$i" -lt "$last" ] && [ "$s" -eq 141 ]; then s=0; fi
    if [ "$s" -ne 0 ]; then bad_stage="stage $((i + 1)) of the pipeline exited $s"; fi
  done
  if [ "$got" -ne "$info" ] || [ -n "$bad_stage" ]; then
    fail "$file:$line: exit $got, documented $info${bad_stage:+; $bad_stage}: $cmd"
    head -n 40 "$out" | sed 's/^/    /' >&2
  fi
done <"$WORK/commands.tsv"

jq_note=""
if [ "$skipped_jq" -gt 0 ]; then jq_note=", $skipped_jq skipped (jq not installed)"; fi
summary="doc commands: $ran run, $skipped skipped (# not run)$jq_note; ${static:-no static checks}"
if [ "$failures" -gt 0 ]; then
  echo "$summary; $failures check(s) failed" >&2
  exit 1
fi
echo "$summary; all passed"
