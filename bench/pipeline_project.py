#!/usr/bin/env python3
"""Writes the synthetic 32-component project the pipeline bench plans.

Usage: bench/pipeline_project.py DIR

The tree: a root with five groups of independent leaves (4, 4, 4, 4 and 3)
and a chain four levels deep (root → d1 → d2 → d3 → two leaves, with one
extra leaf on d1 and d2): 32 components. Every answer is a small valid
contract, visible suite and hidden suite, so the bench measures scheduling,
not the model.
"""
import json, os, sys

out = sys.argv[1]
answers = os.path.join(out, "answers")
os.makedirs(answers, exist_ok=True)
open(os.path.join(out, "task.md"), "w").write("# Synthetic\n\nThirty-two small pure functions, for benchmarking the scheduler.\n")
open(os.path.join(out, "sops.md"), "w").write("Use only the standard library.\n")
open(os.path.join(out, "pact.yaml"), "w").write("language: python\nllm:\n  provider: anthropic\n  model: claude-sonnet-4-5\nlimits:\n  max_concurrent_agents: 8\n")

children = {"root": []}
for g in range(1, 6):
    gid = f"g{g}"
    children["root"].append(gid)
    children[gid] = [f"g{g}_leaf{i}" for i in range(1, 5 if g < 5 else 4)]
children["root"].append("d1")
children["d1"] = ["d2", "d1_leaf"]
children["d2"] = ["d3", "d2_leaf"]
children["d3"] = ["d3_leaf1", "d3_leaf2"]
ids = set(children) | {c for cs in children.values() for c in cs}
assert len(ids) == 32, len(ids)

def dump(name, value):
    json.dump(value, open(os.path.join(answers, name + ".json"), "w"))

dump("interview", {"acceptance_criteria": ["Every function returns its input plus one."], "ambiguities": ["None."], "assumptions": ["Inputs are integers."],
                   "processing_register": "pragmatic-implementation",
                   "questions": [{"answer_kind": "yes_no", "default": "yes", "id": "q1", "options": [], "text": "Integers only?"}],
                   "risks": ["None."]})
dump("decompose", {"components": [{"children": children.get(i, []), "description": f"Component {i}.", "id": i, "name": i} for i in sorted(ids)],
                   "decisions": [], "is_trivial": False})
for i in sorted(ids):
    fn = f"step_{i}"
    dump(f"contract-{i}", {"description": f"Component {i}.", "functions": [{"description": "Adds one.", "idempotent": True,
        "inputs": [{"name": "x", "type_ref": "int"}], "name": fn, "output_type": "int", "postconditions": ["result == x + 1"]}],
        "invariants": [], "requires": [], "types": []})
    dump(f"tests-{i}", {"cases": [{"category": "happy_path", "description": "One more than its input.", "expected_output": "2",
        "function": fn, "id": f"test_{i}_adds_one", "inputs": {"x": 1}}],
        "code": f"from {i} import *\n\n\ndef test_{i}_adds_one():\n    assert {fn}(1) == 2\n"})
    dump(f"hidden-{i}", {"cases": [{"category": "edge_case", "description": "Negative input.", "expected_output": "-41",
        "function": fn, "id": f"test_{i}_negative", "inputs": {"x": -42}}],
        "code": f"from {i} import *\n\n\ndef test_{i}_negative():\n    assert {fn}(-42) == -41\n"})
    # A parent's glue comes from the integrate stage.
    verb = "integrate" if children.get(i) else "implement"
    dump(f"{verb}-{i}-1", {"files": [{"path": f"{i}.py", "content": f"def {fn}(x: int) -> int:\n    return x + 1\n"}], "notes": ""})
print(out)
