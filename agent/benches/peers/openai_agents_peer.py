"""openai-agents on the shared six-turn workload (see workload.py)."""

import asyncio

from agents import Agent, FunctionTool, ModelResponse, Runner, Usage
from agents.models.interface import Model
from openai.types.responses import (
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputText,
)

import workload


class Scripted(Model):
    """Answers from the script, one reply per model turn."""

    def __init__(self):
        self.turn = 0

    async def get_response(self, *args, **kwargs):
        turn = self.turn
        self.turn += 1
        if turn < len(workload.CALLS):
            name, args_ = workload.CALLS[turn]
            out = [
                ResponseFunctionToolCall(
                    type="function_call",
                    id=f"fc{turn}",
                    call_id=f"t{turn}",
                    name=name,
                    arguments=workload.json.dumps(args_),
                    status="completed",
                )
            ]
        else:
            out = [
                ResponseOutputMessage(
                    type="message",
                    id="m",
                    role="assistant",
                    status="completed",
                    content=[
                        ResponseOutputText(
                            type="output_text", text=workload.ANSWER, annotations=[]
                        )
                    ],
                )
            ]
        return ModelResponse(output=out, usage=Usage(), response_id=None)

    def stream_response(self, *args, **kwargs):
        raise NotImplementedError


async def invoke(_ctx, args):
    return workload.tool_result(args)


TOOLS = [
    FunctionTool(
        name=name,
        description="stub tool for the benchmark",
        params_json_schema={
            "type": "object",
            "properties": {"party": {"type": "string"}},
            "required": ["party"],
            "additionalProperties": False,
        },
        on_invoke_tool=invoke,
    )
    for name in ["deal_lookup", "revenue_projection", "statement_comparison"]
]


def main():
    loop = asyncio.new_event_loop()

    def once():
        agent = Agent(name="bench", instructions="bench", tools=TOOLS, model=Scripted())
        result = loop.run_until_complete(Runner.run(agent, "bench", max_turns=20))
        assert result.final_output == workload.ANSWER, result.final_output

    workload.report("openai-agents", once)


if __name__ == "__main__":
    from agents import set_tracing_disabled

    set_tracing_disabled(True)
    main()
