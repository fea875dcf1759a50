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

from mcp import Client, StdioServerParameters

EXPECTED_TOOLS = {"deal_lookup", "revenue_projection", "statement_comparison"}

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


async def check(mode):
    server = StdioServerParameters(command=os.environ["STEER_BIN"], args=["mcp"])
    async with Client(server, mode=mode) as client:
        listed = await client.list_tools()
        names = {t.name for t in listed.tools}
        if names != EXPECTED_TOOLS:
            fail(f"{mode}: tools {sorted(names)}")
        for tool in listed.tools:
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
        print(f"ok {mode}: protocol {client.protocol_version}, {len(names)} tools, 3 calls, 1 refused call")


async def main():
    for mode in ["legacy", "2026-07-28", "auto"]:
        await check(mode)


asyncio.run(main())
