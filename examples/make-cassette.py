#!/usr/bin/env python3
"""Writes an example's replay cassette from its hand-written answers.

Usage: examples/make-cassette.py EXAMPLE_DIR [PACT_LLM]

Each model answer of the example lives in EXAMPLE_DIR/answers/<step>.json
(the JSON the model would return). For every step of the planning half, in
pipeline order, this asks `pact-llm <stage> --dry-run --replay` for the exact
request the stage sends (its fingerprint and provider-neutral form), appends a
`pact.cassette_entry` answering it, then runs the stage from the cassette to
write the step's output, which the next step's request depends on. The work is
done in a scratch copy; only cassette.jsonl is written into EXAMPLE_DIR.
A prompt template change makes the committed cassette stale (the replay fails
naming the differing field); re-run this script then.
"""
import json, os, shutil, subprocess, sys, tempfile

example = os.path.abspath(sys.argv[1])
llm = sys.argv[2] if len(sys.argv) > 2 else shutil.which("pact-llm") or "target/debug/pact-llm"
answers = os.path.join(example, "answers")
work = tempfile.mkdtemp(prefix="pact-cassette-")
project = os.path.join(work, "p")
shutil.copytree(example, project, ignore=shutil.ignore_patterns("answers", "cassette.jsonl", ".pact", "decomposition", "contracts", "tests", "src"))
cassette = os.path.join(work, "cassette.jsonl")
# Recording fails every build that has no answer yet, on purpose: the health
# check must not take that for a pathological run and pause it.
with open(os.path.join(project, "pact.yaml"), "a") as f:
    f.write("\nhealth:\n  pause: false\n")
open(cassette, "w").close()
env = dict(os.environ, PACT_CONFIG="/nonexistent/pact-config.yaml")


def stage(args, out):
    base = [llm, "--project", project] + args
    preview = subprocess.run(base + ["--dry-run", "--replay", cassette], env=env, capture_output=True, text=True, check=True)
    request = json.loads(preview.stdout)
    answer_file = os.path.join(answers, out[0] + ".json")
    text = json.dumps(json.load(open(answer_file)), separators=(",", ":"), sort_keys=True)
    usage = {"input": len(request["request"]["system"]) // 4, "output": len(text) // 4, "cache_write": 0, "cache_read": 0}
    entry = {"kind": "pact.cassette_entry", "version": 1, "fingerprint": request["fingerprint"], "provider": "anthropic",
             "request": request["request"],
             "response": {"text": text, "stop": "complete", "usage": usage, "usage_reported": True, "model": request["request"]["model"]},
             "attempts": 1}
    with open(cassette, "a") as f:
        f.write(json.dumps(entry, separators=(",", ":")) + "\n")
    if out[1] is None:
        return
    done = subprocess.run(base + ["--replay", cassette], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{out[0]}: the stage rejected the answer:\n{done.stderr}")
    path = os.path.join(project, out[1])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write(done.stdout)


stage(["interview"], ("interview", "decomposition/interview.json"))
# What `pact approve` does: accept the interview's defaults.
interview_path = os.path.join(project, "decomposition/interview.json")
interview = json.load(open(interview_path))
for q in interview.get("questions", []):
    q.setdefault("answer", q.get("default"))
interview["approved"] = True
json.dump(interview, open(interview_path, "w"), indent=2)
if os.path.exists(os.path.join(answers, "shape.json")):
    # Shaping is on in the example's pact.yaml.
    stage(["shape"], ("shape", "decomposition/shape.json"))
stage(["decompose"], ("decompose", "decomposition/tree.json"))
tree = json.load(open(os.path.join(project, "decomposition/tree.json")))


def children_first(node, seen, order):
    if node in seen:
        return
    seen.add(node)
    for child in tree["nodes"][node].get("children", []):
        children_first(child, seen, order)
    order.append(node)


order = []
children_first(tree["root"], set(), order)
for c in order:
    stage(["contract", "--component", c], (f"contract-{c}", f"contracts/{c}/interface.json"))
for c in order:
    contract = os.path.join(project, f"contracts/{c}/interface.json")
    visible = os.path.join(project, f"tests/{c}/suite.json")
    stage(["tests", contract], (f"tests-{c}", f"tests/{c}/suite.json"))
    stage(["tests", contract, "--hidden", "--visible", visible], (f"hidden-{c}", f"goodhart/{c}/suite.json"))

# Competitive builds start from the plan alone (no lessons learnt yet).
planned = os.path.join(work, "planned")
shutil.copytree(project, planned)

# The implement half: run the pipeline from the cassette; each time it stops
# at a brief with no recorded answer, record the answer for that attempt and
# run again. A leaf's answers are answers/implement-<id>-<n>.json, a parent's
# answers/integrate-<id>-<n>.json, where n counts the component's attempts
# across diagnosis cycles; a diagnosis is answers/diagnose-<id>.json.
import glob
pact = os.path.join(os.path.dirname(os.path.abspath(llm)), "pact")
parents = {c for c, node in tree["nodes"].items() if node.get("children")}


def earlier_attempts(attempt_set):
    # Attempt sets set aside by a diagnosis are named <hash>-cycle-<k>.
    base = os.path.basename(attempt_set)
    return sum(len(glob.glob(os.path.join(d, "attempt-*")))
               for d in glob.glob(os.path.join(os.path.dirname(attempt_set), base + "-cycle-*")))


for _ in range(50):
    done = subprocess.run([pact, "run", project, "--implement", "--replay", cassette], env=env, capture_output=True, text=True)
    if done.returncode == 0 and done.stdout.startswith("complete:"):
        break
    pending = [b for b in sorted(glob.glob(os.path.join(project, ".pact/build/*/*/attempt-*/brief.md")))
               if not os.path.exists(os.path.join(os.path.dirname(b), "implementation.json"))]
    diagnoses = [i for i in sorted(glob.glob(os.path.join(project, ".pact/build/*/*/diagnose-input.md")))
                 if not os.path.exists(os.path.join(os.path.dirname(i), "diagnosis.json"))]
    if not pending and not diagnoses:
        sys.exit(f"the run failed with nothing left to record:\n{done.stderr}")
    for brief in pending:
        attempt_dir = os.path.dirname(brief)
        attempt_set = os.path.dirname(attempt_dir)
        component = os.path.basename(os.path.dirname(attempt_set))
        attempt = int(os.path.basename(attempt_dir).split("-")[1]) + earlier_attempts(attempt_set)
        verb = "integrate" if component in parents else "implement"
        stage([verb, "--component", component, brief], (f"{verb}-{component}-{attempt}", None))
    for evidence in diagnoses:
        component = os.path.basename(os.path.dirname(os.path.dirname(evidence)))
        stage(["diagnose", "--component", component, evidence], (f"diagnose-{component}", None))
else:
    sys.exit("the implement half did not finish")

# Competitive builds: answers/compete-<id>-<agent>.json for each component
# that has them, recorded the same way from `pact build --competitive`.
shutil.rmtree(project)
shutil.copytree(planned, project)
competing = sorted({os.path.basename(f).split("-")[1] for f in glob.glob(os.path.join(answers, "compete-*-*.json"))})
for component in competing:
    agents = len(glob.glob(os.path.join(answers, f"compete-{component}-*.json")))
    for _ in range(5):
        done = subprocess.run([pact, "build", project, component, "--competitive", "--agents", str(agents), "--replay", cassette],
                              env=env, capture_output=True, text=True)
        if done.returncode == 0:
            break
        pending = [b for b in sorted(glob.glob(os.path.join(project, f".pact/build/{component}/*/competitive/agent-*/brief.md")))
                   if not os.path.exists(os.path.join(os.path.dirname(b), "implementation.json"))]
        if not pending:
            sys.exit(f"the competitive build failed with nothing left to record:\n{done.stderr}")
        for brief in pending:
            agent = os.path.basename(os.path.dirname(brief)).split("-")[1]
            verb = "integrate" if component in parents else "implement"
            stage([verb, "--component", component, brief], (f"compete-{component}-{agent}", None))
    else:
        sys.exit("the competitive build did not finish")

shutil.copy(cassette, os.path.join(example, "cassette.jsonl"))
shutil.rmtree(work)
print(f"wrote {os.path.join(example, 'cassette.jsonl')}")
