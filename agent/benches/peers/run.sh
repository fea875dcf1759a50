#!/usr/bin/env bash
# The session benchmark beside its peers, in one run, each pinned to core 0:
# steer (criterion, agent/benches/session.rs), openai-agents and LangGraph
# on the same scripted six-turn workload (workload.py). Installs the peers
# into target/peers-venv on first use.
#
#   bash agent/benches/peers/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="$root/target/peers-venv"
# The stamp is written only after a whole install, so an interrupted one
# is redone.
if [ ! -f "$venv/.installed" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$here/requirements.txt"
  touch "$venv/.installed"
fi
cd "$root"
taskset -c 0 cargo bench -p steer --bench session 2>&1 | grep -E "session/6_turns|time:|per session"
cd "$here"
taskset -c 0 "$venv/bin/python" openai_agents_peer.py
taskset -c 0 "$venv/bin/python" langgraph_peer.py
