"""LangGraph (prebuilt ReAct agent) on the shared six-turn workload (see
workload.py)."""

import itertools
import warnings

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.tools import tool
from langgraph.prebuilt import create_react_agent

import workload


@tool
def deal_lookup(party: str) -> str:
    """stub tool for the benchmark"""
    return workload.tool_result(party)


@tool
def revenue_projection(party: str) -> str:
    """stub tool for the benchmark"""
    return workload.tool_result(party)


@tool
def statement_comparison(party: str) -> str:
    """stub tool for the benchmark"""
    return workload.tool_result(party)


class Fake(GenericFakeChatModel):
    def bind_tools(self, tools, **kwargs):
        return self


def replies():
    out = [
        AIMessage(content="", tool_calls=[{"name": n, "args": a, "id": f"t{i}"}])
        for i, (n, a) in enumerate(workload.CALLS)
    ]
    out.append(AIMessage(content=workload.ANSWER))
    return out


def main():
    tools = [deal_lookup, revenue_projection, statement_comparison]
    # The graph is built once, as a service would; each session takes the
    # next six replies of the script.
    model = Fake(messages=itertools.cycle(replies()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        agent = create_react_agent(model, tools)

    def once():
        result = agent.invoke({"messages": [("user", "bench")]})
        assert result["messages"][-1].content == workload.ANSWER

    workload.report("langgraph", once)


if __name__ == "__main__":
    main()
