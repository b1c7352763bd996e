#!/usr/bin/env python3
"""Pipeline scheduling bench: 32 components, a provider that only simulates
latency, `max_concurrent_agents: 8`.

Usage: bench/pipeline.py [BIN_DIR] [DELAY_SECONDS] [--implement]

1. Writes the synthetic project (bench/pipeline_project.py) and its replay
   cassette (examples/make-cassette.py).
2. Puts a wrapper in front of every stage program that sleeps DELAY seconds
   before running it (the simulated model latency) and logs each call's
   start and end.
3. Speed: plans the project at concurrency 8 and compares the wall time of
   `pact resume` with the ideal schedule, the larger of the critical path
   and decompose + (the remaining work / 8), both from the measured step
   durations. Target: within 1.15x.
4. Overhead: plans it again at concurrency 1 with no delay; the wall time
   of `pact resume` minus the time its steps spent in stage processes (each
   step's `ms` in the audit log, measured from spawn to exit), per
   component, is what the orchestration costs (planning, state.json and
   audit writes with their fsyncs, process spawning). Target: under 50 ms.
With --implement, step 4 also runs the implement half (pytest must be
installed; its time counts as stage time).
"""
import json, os, shutil, subprocess, sys, tempfile, time

args = [a for a in sys.argv[1:] if not a.startswith("--")]
implement = "--implement" in sys.argv
bin_dir = os.path.abspath(args[0] if args else "target/release")
delay = float(args[1]) if len(args) > 1 else 0.5
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = tempfile.mkdtemp(prefix="pact-bench-")
env = dict(os.environ, PACT_CONFIG="/nonexistent/pact-config.yaml", NO_COLOR="1")

synth = os.path.join(work, "synth")
subprocess.run([sys.executable, os.path.join(repo, "bench/pipeline_project.py"), synth], check=True, capture_output=True)
print("recording the cassette …", file=sys.stderr)
subprocess.run([sys.executable, os.path.join(repo, "examples/make-cassette.py"), synth, os.path.join(bin_dir, "pact-llm")],
               check=True, capture_output=True, env=env)
cassette = os.path.join(synth, "cassette.jsonl")


def wrapped_bin(delay):
    d = tempfile.mkdtemp(prefix="bin-", dir=work)
    log = os.path.join(d, "calls.log")
    try:
        os.link(os.path.join(bin_dir, "pact"), os.path.join(d, "pact"))
    except OSError:
        shutil.copy(os.path.join(bin_dir, "pact"), os.path.join(d, "pact"))
    for stage in ["llm", "validate", "handoff", "goodhart"]:
        real = os.path.join(bin_dir, f"pact-{stage}")
        path = os.path.join(d, f"pact-{stage}")
        open(path, "w").write(
            "#!/bin/sh\n"
            f"start=$(date +%s.%N)\n" + (f"sleep {delay}\n" if delay else "") +
            f"'{real}' \"$@\"\nstatus=$?\n"
            f"echo \"{stage} $start $(date +%s.%N) $*\" >> '{log}'\nexit $status\n")
        os.chmod(path, 0o755)
    return os.path.join(d, "pact"), log


def project(concurrency):
    p = tempfile.mkdtemp(prefix="p-", dir=work)
    for f in ["task.md", "sops.md", "pact.yaml"]:
        shutil.copy(os.path.join(synth, f), p)
    text = open(os.path.join(p, "pact.yaml")).read().replace("max_concurrent_agents: 8", f"max_concurrent_agents: {concurrency}")
    open(os.path.join(p, "pact.yaml"), "w").write(text)
    return p


def calls(log):
    out = []
    for line in open(log):
        parts = line.split()
        out.append((parts[0], float(parts[1]), float(parts[2]), parts[3:]))
    return out


def timed(cmd):
    t = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, env=env, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stdout}{done.stderr[-3000:]}")
    return time.monotonic() - t


# Speed at concurrency 8.
pact, log = wrapped_bin(delay)
p = project(8)
subprocess.run([pact, "run", p, "--replay", cassette], check=True, capture_output=True, env=env)
subprocess.run([pact, "approve", p], check=True, capture_output=True, env=env)
open(log, "w").close()
wall = timed([pact, "resume", p, "--replay", cassette])
steps = calls(log)
tree = json.load(open(os.path.join(p, "decomposition/tree.json")))
dur = {}
for stage, start, end, argv in steps:
    if stage == "llm":
        sub = argv[2]
        comp = argv[argv.index("--component") + 1] if "--component" in argv else None
        if sub in ("contract",):
            key = ("contract", comp)
        elif sub == "tests":
            comp = os.path.basename(os.path.dirname(argv[3]))
            key = ("hidden" if "--hidden" in argv else "tests", comp)
        else:
            key = (sub, None)
    else:
        key = ("gate", None)
    dur[key] = end - start
# Longest path through contract(children) -> contract -> tests -> hidden, then the gate.
memo = {}
def contract_done(c):
    if c not in memo:
        kids = tree["nodes"][c].get("children", [])
        memo[c] = max([contract_done(k) for k in kids], default=0.0) + dur[("contract", c)]
    return memo[c]
first = dur[("decompose", None)]
critical = first + max(contract_done(c) + dur[("tests", c)] + dur[("hidden", c)] for c in tree["nodes"]) + dur[("gate", None)]
work_bound = first + sum(v for k, v in dur.items() if k[0] in ("contract", "tests", "hidden")) / 8 + dur[("gate", None)]
ideal = max(critical, work_bound)
print(f"speed: 32 components, {len(steps)} steps, delay {delay}s, concurrency 8: "
      f"wall {wall:.2f}s, ideal {ideal:.2f}s (critical path {critical:.2f}s, work bound {work_bound:.2f}s), "
      f"ratio {wall / ideal:.3f} (target <= 1.15)")

# Orchestration overhead at concurrency 1, no delay.
pact0, log0 = wrapped_bin(0)
p = project(1)
subprocess.run([pact0, "run", p, "--replay", cassette], check=True, capture_output=True, env=env)
subprocess.run([pact0, "approve", p], check=True, capture_output=True, env=env)
open(log0, "w").close()
cmd = [pact0, "resume", p, "--replay", cassette] + (["--implement"] if implement else [])
audit = os.path.join(p, ".pact/audit.jsonl")
skip = len(open(audit).readlines())
wall0 = timed(cmd)
# Each step's duration as Pact measured it: from starting the stage process
# to its exit (the wrapper's shell included), before Pact's own bookkeeping.
entries = [json.loads(l) for l in open(audit).readlines()[skip:]]
inside = sum(e["data"]["ms"] for e in entries if e["action"] == "step.done") / 1000
overhead = (wall0 - inside) / 32
print(f"overhead: {'plan and implement' if implement else 'plan'} at concurrency 1: wall {wall0:.2f}s, "
      f"inside stages {inside:.2f}s, orchestration {overhead * 1000:.1f} ms per component (target < 50 ms)")
shutil.rmtree(work)
