"""Interoperability check of `steer mcp` with the official MCP Python SDK.

Run by agent/tests/mcp.rs with STEER_BIN pointing at the steer binary. For
each connection mode (the initialize handshake, the 2026 modern protocol,
and auto-negotiation) it lists the tools, calls each with valid arguments
and checks the structured results, and calls one with bad arguments and
checks that the failure is a tool result with isError, not a protocol
error. Prints one line per mode; exits non-zero on the first failure.
"""

import asyncio
import os
import sys
import tempfile

from mcp import Client, StdioServerParameters
from mcp.types import ElicitResult

RESEARCH_TOOLS = {"research", "research_resume"}
# Ingest reads documents and writes the dataset on the server's machine:
# served over stdio only.
INGEST_TOOLS = {"ingest", "ingest_resume"}
EXPECTED_TOOLS = {"deal_lookup", "revenue_projection", "statement_comparison"} | RESEARCH_TOOLS

VALID_CALLS = {
    "deal_lookup": ({"mode": "cycles", "party": "NVIDIA"}, "cycles"),
    "revenue_projection": (
        {"company": "OpenAI", "scenarios": [{"name": "base", "growth": {"model": "cagr", "rate": 0.5}}]},
        "candidates",
    ),
    "statement_comparison": ({"organisation": "OpenAI", "topic": "government_support"}, "contradictions"),
}


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


async def research(client, mode):
    """The planned run through `research` and `research_resume`, answered as
    a user would: approve the plan, choose the $20B base, a reject the
    offline planner cannot act on (refused, still paused), approve; then a
    second run aborted at its plan."""

    def status(result):
        if result.is_error:
            fail(f"{mode}: research failed: {result.content}")
        return result.structured_content

    first = status(await client.call_tool("research", {"request": "Can OpenAI fund its $1.4T of compute commitments?"}))
    if first.get("status") != "paused" or first.get("kind") != "plan_review":
        fail(f"{mode}: research should pause at the plan: {str(first)[:300]}")
    session = first["session"]
    if "reject" in first["decisions"]:
        fail(f"{mode}: the offline planner cannot act on a reject, yet it is offered")
    base = status(await client.call_tool("research_resume", {"session": session, "decision": "approve"}))
    if base.get("kind") != "conflicting_sources" or base.get("options") != [1, 2] or "48.7%" not in base["card"]:
        fail(f"{mode}: the revenue base card: {str(base)[:300]}")
    framing = status(await client.call_tool("research_resume", {"session": session, "decision": "choose", "option": 2}))
    if "commitments" not in framing.get("card", ""):
        fail(f"{mode}: after the base, the framing: {str(framing)[:300]}")
    refused = await client.call_tool("research_resume", {"session": session, "decision": "reject", "feedback": "use 2030"})
    text = " ".join(getattr(c, "text", "") for c in refused.content)
    if not refused.is_error or "still paused at checkpoint 3" not in text:
        fail(f"{mode}: a reject the offline planner cannot act on should be refused: {text}")
    done = status(await client.call_tool("research_resume", {"session": session, "decision": "approve"}))
    if done.get("status") != "done" or "From the chosen base of $20B" not in done.get("report", ""):
        fail(f"{mode}: the report: {str(done)[:300]}")
    if done.get("aborted") is not False or "002 l.39" not in done.get("sources", []):
        fail(f"{mode}: the report's fields: {str(done)[:300]}")
    # The finished session's report, as a resource.
    listed = await client.list_resources()
    uris = {str(r.uri) for r in listed.resources}
    if "steer://sessions" not in uris or f"steer://sessions/{session}/report" not in uris:
        fail(f"{mode}: resources {sorted(uris)}")
    read = await client.read_resource(f"steer://sessions/{session}/report")
    if "From the chosen base of $20B" not in read.contents[0].text:
        fail(f"{mode}: the report resource: {read.contents[0].text[:200]}")
    table = (await client.read_resource("steer://sessions")).contents[0].text
    if session not in table or "done" not in table:
        fail(f"{mode}: the sessions resource: {table[:300]}")
    second = status(await client.call_tool("research", {"request": "Show the circular deals around NVIDIA"}))
    aborted = status(await client.call_tool("research_resume", {"session": second["session"], "decision": "abort"}))
    if aborted.get("status") != "done" or aborted.get("aborted") is not True:
        fail(f"{mode}: abort: {str(aborted)[:300]}")


def answering(answers, asked):
    """An elicitation callback that answers the checkpoints in order, as a
    user would in the host's UI, and keeps the questions it was shown."""

    async def callback(context, params):
        asked.append(params.message)
        action, content = answers.pop(0)
        return ElicitResult(action=action, content=content)

    return callback


def stdio_server():
    sessions = tempfile.mkdtemp(prefix="steer-mcp-sessions-")
    return StdioServerParameters(command=os.environ["STEER_BIN"], args=["--session-dir", sessions, "mcp"])


def http_server():
    """The URL of a `steer mcp --http` server (STEER_MCP_URL), when given."""
    return os.environ.get("STEER_MCP_URL")


async def elicited(mode, server=None, transport="stdio"):
    """Checkpoints asked through the host: form elicitation during the call
    (legacy protocols) or input-required results the client answers by
    retrying (2026-07-28): approve, choose, decline, and a tampered state."""
    server = server or stdio_server()
    answers, asked = [], []
    async with Client(server, mode=mode, elicitation_callback=answering(answers, asked)) as client:
        answers[:] = [
            ("accept", {"decision": "approve"}),
            ("accept", {"decision": "choose", "option": 2}),
            ("accept", {"decision": "approve"}),
        ]
        result = await client.call_tool("research", {"request": "Can OpenAI fund its $1.4T of compute commitments?"})
        data = result.structured_content or {}
        if result.is_error or data.get("status") != "done" or "From the chosen base of $20B" not in data.get("report", ""):
            fail(f"{mode}: elicited research: {str(data)[:300]} {result.content}")
        if len(asked) != 3 or "48.7%" not in asked[1] or "Plan v1" not in asked[0]:
            fail(f"{mode}: the questions asked: {[a[:80] for a in asked]}")
        # Declined: nothing decided, the session waits and can be resumed.
        answers[:] = [("decline", None)]
        result = await client.call_tool("research", {"request": "Show the circular deals around NVIDIA"})
        data = result.structured_content or {}
        if result.is_error or data.get("status") != "paused" or data.get("declined") is not True:
            fail(f"{mode}: a declined question should leave the session paused: {str(data)[:300]}")
        answers[:] = [("accept", {"decision": "approve"})]
        result = await client.call_tool("research_resume", {"session": data["session"], "decision": "approve"})
        data = result.structured_content or {}
        if result.is_error or data.get("status") != "done":
            fail(f"{mode}: resuming the declined session: {str(data)[:300]} {result.content}")
        # A reject the offline planner cannot act on is refused, the session
        # still paused; an abort ends the run with a report of what finished.
        answers[:] = [("accept", {"decision": "reject", "feedback": "use the 2030 framing"})]
        result = await client.call_tool("research", {"request": "Show the circular deals around NVIDIA"})
        text = " ".join(getattr(c, "text", "") for c in result.content)
        if "cannot act on written feedback" not in text:
            fail(f"{mode}: an elicited reject should be refused: {text[:300]}")
        answers[:] = [("accept", {"decision": "abort"})]
        result = await client.call_tool("research", {"request": "Show the circular deals around NVIDIA"})
        data = result.structured_content or {}
        if result.is_error or data.get("status") != "done" or data.get("aborted") is not True:
            fail(f"{mode}: an elicited abort: {str(data)[:300]} {result.content}")
        if mode == "2026-07-28":
            raw = await client.session.call_tool("research", {"request": "Show the circular deals around NVIDIA"}, allow_input_required=True)
            state = getattr(raw, "request_state", None)
            if not state:
                fail(f"{mode}: expected an input-required result with a request state: {raw}")
            tampered = state[:-2] + ("AA" if not state.endswith("AA") else "BB")
            refused = await client.call_tool(
                "research",
                {"request": "x"},
                input_responses={"checkpoint": {"action": "accept", "content": {"decision": "approve"}}},
                request_state=tampered,
            )
            text = " ".join(getattr(c, "text", "") for c in refused.content)
            if not refused.is_error or "requestState was refused" not in text:
                fail(f"{mode}: a tampered request state should be refused: {text}")
    print(f"ok {mode} elicitation over {transport}: approve, choose, decline and resume, refused reject, abort")


async def check(mode, server=None, transport="stdio"):
    server = server or stdio_server()
    async with Client(server, mode=mode) as client:
        listed = await client.list_tools()
        names = {t.name for t in listed.tools}
        expected = EXPECTED_TOOLS | (INGEST_TOOLS if transport == "stdio" else set())
        if names != expected:
            fail(f"{mode}: tools {sorted(names)}")
        for tool in listed.tools:
            if tool.name in RESEARCH_TOOLS | INGEST_TOOLS:
                if not tool.description or tool.input_schema.get("type") != "object":
                    fail(f"{mode}: {tool.name} lacks a description or an object input schema")
                continue
            if not tool.description or tool.input_schema.get("type") != "object":
                fail(f"{mode}: {tool.name} lacks a description or an object input schema")
            if not tool.output_schema or tool.output_schema.get("type") != "object":
                fail(f"{mode}: {tool.name} lacks an object output schema")
            a = tool.annotations
            if a is None or a.read_only_hint is not True or a.destructive_hint is not False or a.open_world_hint is not False:
                fail(f"{mode}: {tool.name} annotations {a}")
            if tool.title != a.title or not tool.title:
                fail(f"{mode}: {tool.name} title {tool.title!r}")

        for name, (args, key) in VALID_CALLS.items():
            result = await client.call_tool(name, args)
            if result.is_error:
                fail(f"{mode}: {name} failed: {result.content}")
            data = result.structured_content
            if not isinstance(data, dict) or key not in data:
                fail(f"{mode}: {name} structured content lacks {key!r}: {str(data)[:200]}")
        cycles = (await client.call_tool("deal_lookup", VALID_CALLS["deal_lookup"][0])).structured_content["cycles"]
        if not any(c["path"] == "NVIDIA → OpenAI → Oracle → NVIDIA" for c in cycles):
            fail(f"{mode}: the NVIDIA → OpenAI → Oracle cycle is missing")

        bad = await client.call_tool("deal_lookup", {"kind": "loan"})
        text = " ".join(getattr(c, "text", "") for c in bad.content)
        if not bad.is_error or "`kind` must be one of" not in text:
            fail(f"{mode}: a bad call should be an isError result naming `kind`, got {bad}")
        await research(client, mode)
        print(f"ok {mode} over {transport}: protocol {client.protocol_version}, {len(names)} tools, 3 calls, 1 refused call, 2 research runs")


async def rejected():
    """A reject a model acts on: with a recorded model that re-plans from
    feedback (fixtures/cassettes/reject-replan.json), the user rejects the
    first plan with feedback, approves the second, and the report follows."""
    cassette = os.environ.get("STEER_REJECT_CASSETTE")
    if not cassette:
        return
    sessions = tempfile.mkdtemp(prefix="steer-mcp-sessions-")
    server = StdioServerParameters(
        command=os.environ["STEER_BIN"],
        args=["--session-dir", sessions, "--from-cassette", cassette, "mcp"],
    )
    async with Client(server, mode="legacy") as client:
        first = await client.call_tool("research", {"request": "How much does NVIDIA put into OpenAI?"})
        data = first.structured_content or {}
        if first.is_error or data.get("kind") != "plan_review" or "reject" not in data.get("decisions", []):
            fail(f"reject: the first plan: {str(data)[:300]} {first.content}")
        feedback = "Statements will not answer this; look up the deals between NVIDIA and OpenAI."
        second = await client.call_tool("research_resume", {"session": data["session"], "decision": "reject", "feedback": feedback})
        data2 = second.structured_content or {}
        if second.is_error or data2.get("kind") != "plan_review" or "Plan v2" not in data2.get("card", ""):
            fail(f"reject: the revised plan: {str(data2)[:300]} {second.content}")
        done = await client.call_tool("research_resume", {"session": data["session"], "decision": "approve"})
        data3 = done.structured_content or {}
        if done.is_error or "up to $100B" not in data3.get("report", ""):
            fail(f"reject: the report: {str(data3)[:300]} {done.content}")
    print("ok reject over stdio: rejected with feedback, re-planned, approved, reported")


async def main():
    for mode in ["legacy", "2026-07-28", "auto"]:
        await check(mode)
    for mode in ["legacy", "2026-07-28"]:
        await elicited(mode)
    await rejected()
    url = http_server()
    if url:
        # The same runs over streamable HTTP: a legacy client gets an MCP
        # session (elicitation during the call); 2026-07-28 is stateless
        # (input-required results).
        for mode in ["legacy", "2026-07-28"]:
            await check(mode, url, "http")
            await elicited(mode, url, "http")


asyncio.run(main())
