"""Two `steer mcp --http` replicas on one session directory serve the same
user: a research session paused on replica A is answered on replica B, and
the report is read back from A. Run by agent/tests/mcp.rs with the two
URLs in STEER_MCP_A and STEER_MCP_B. Prints one line; exits non-zero on
the first failure."""

import asyncio
import os
import sys

from mcp import Client


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def data(result, what):
    if result.is_error:
        fail(f"{what}: {result.content}")
    return result.structured_content


async def main():
    a, b = os.environ["STEER_MCP_A"], os.environ["STEER_MCP_B"]
    async with Client(a) as on_a, Client(b) as on_b:
        paused = data(await on_a.call_tool("research", {"request": "Can OpenAI fund its $1.4T of compute commitments?"}), "research on A")
        if paused.get("status") != "paused" or paused.get("kind") != "plan_review":
            fail(f"research on A should pause at the plan: {str(paused)[:200]}")
        session = paused["session"]
        base = data(await on_b.call_tool("research_resume", {"session": session, "decision": "approve"}), "resume on B")
        if base.get("options") != [1, 2]:
            fail(f"the base card on B: {str(base)[:200]}")
        framing = data(await on_a.call_tool("research_resume", {"session": session, "decision": "choose", "option": 2}), "choose on A")
        done = data(await on_b.call_tool("research_resume", {"session": session, "decision": "approve"}), "approve on B")
        if done.get("status") != "done" or "From the chosen base of $20B" not in done.get("report", ""):
            fail(f"the report on B: {str(done)[:200]}")
        read = await on_a.read_resource(f"steer://sessions/{session}/report")
        if "From the chosen base of $20B" not in read.contents[0].text:
            fail("the report resource on A")
        print(f"ok replicas: session {session} paused on A, answered on B and A, finished on B, read on A ({on_a.protocol_version})")


asyncio.run(main())
