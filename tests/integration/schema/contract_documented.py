#!/usr/bin/python3
"""The contract is written down: every operation the command registers has a row in roles.json and
in scope.json (and they name no operation it lacks), and every operation and every event kind it can
record is named (in backticks) in schema/*.md, so another team can write a client from schema/
alone. The lists come from the built server itself (`lifeline-command contract`), not from a copy.
Usage: contract_documented.py LIFELINE_COMMAND SCHEMA_DIR WORK_DIR"""
import json, pathlib, shutil, subprocess, sys

command, schema, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
out = subprocess.run([command, "contract", "--data-dir", str(work)], capture_output=True, text=True, timeout=60)
if out.returncode != 0:
    sys.exit(f"lifeline-command contract failed: {out.stderr}")
contract = json.loads(out.stdout)
ops, events = set(contract["ops"]), set(contract["events"])
docs = "".join(p.read_text() for p in sorted(schema.glob("*.md")))
roles = set(json.loads((schema / "roles.json").read_text())["ops"])
public = set(json.loads((schema / "roles.json").read_text()).get("public", []))
scope = set(json.loads((schema / "scope.json").read_text())["ops"])

problems = []
def named(name):
    return f"`{name}`" in docs or f"`{name} " in docs
for op in sorted(ops):
    if op not in roles and op not in public:
        problems.append(f"op {op}: no row in roles.json")
    if op not in scope and op not in public:
        problems.append(f"op {op}: no row in scope.json")
    if not named(op):
        problems.append(f"op {op}: not documented in schema/*.md")
for op in sorted((roles | scope) - ops - public):  # auth.login is the engine's own, not a registered op
    problems.append(f"op {op}: in roles.json/scope.json but not served")
for kind in sorted(events):
    if not named(kind):
        problems.append(f"event {kind}: not documented in schema/*.md")
print(f"{len(ops)} operations, {len(events)} event kinds checked against schema/")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
