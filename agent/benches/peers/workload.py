"""The six-turn workload of agent/benches/support/workload.rs, for Python
agent frameworks: five model turns that each call one tool (deal_lookup,
revenue_projection, statement_comparison, deal_lookup,
revenue_projection), then a ~500-character answer. The model is a script
in the process (no network) and the tools answer at once with the same
small cited result, so what is measured is each framework's own work per
model turn. Prints the median per session and per turn."""

import json
import statistics
import time

TURNS = 6
CALLS = [
    ("deal_lookup", {"party": "NVIDIA"}),
    ("revenue_projection", {"party": "OpenAI"}),
    ("statement_comparison", {"party": "OpenAI"}),
    ("deal_lookup", {"party": "OpenAI"}),
    ("revenue_projection", {"party": "OpenAI"}),
]
ANSWER = ("NVIDIA's investment in OpenAI is up to $100B (001 l.75-77). " * 8)[:500]
RESULT = {"value_usd": 100e9, "sources": [{"source": "001", "label": "001 l.75-77"}]}


def report(name, run_once, sessions=300, warmup=30):
    for _ in range(warmup):
        run_once()
    times = []
    for _ in range(sessions):
        start = time.perf_counter()
        run_once()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"{name}: {median * 1e6:.1f} µs per session, "
        f"{median * 1e6 / TURNS:.1f} µs per model turn ({TURNS} turns, median of {sessions})"
    )


def tool_result(_args):
    return json.dumps(RESULT)
