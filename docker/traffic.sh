#!/usr/bin/env bash
# The compose traffic generator: round after round, generate a fresh batch of mixed human and agent sessions (a new
# seed each round, event times starting now) with Phantom's TrafficGenerator, and load it into the events topic with
# `phantom produce` (keyed by sessionId, so each session stays on one partition and in order).
#   TRAFFIC_KAFKA           bootstrap servers (required)
#   TRAFFIC_EVENTS          events per round (default 20000)
#   TRAFFIC_PAUSE_SECONDS   pause between rounds (default 5)
#   TRAFFIC_ROUNDS          rounds before exiting; 0 runs until stopped (default 0)
# Any PHANTOM_GENERATOR__* variable (e.g. PHANTOM_GENERATOR__ALPHA=0.5) changes the generated mix.
set -euo pipefail

kafka="${TRAFFIC_KAFKA:?TRAFFIC_KAFKA must name the Kafka bootstrap servers}"
events="${TRAFFIC_EVENTS:-20000}"
pause="${TRAFFIC_PAUSE_SECONDS:-5}"
rounds="${TRAFFIC_ROUNDS:-0}"
file="$(mktemp -d)/round.jsonl"
first_seed="${PHANTOM_GENERATOR__SEED:-1}"

round=0
while ((rounds == 0 || round < rounds)); do
  round=$((round + 1))
  PHANTOM_GENERATOR__SEED=$((first_seed + round - 1)) \
  PHANTOM_GENERATOR__START_TIME="$(date -u +%Y-%m-%dT%H:%M:%S.000Z)" \
    /app/generator/generate-traffic "$file" "$events"
  /app/phantom produce --file "$file" --kafka "$kafka"
  sleep "$pause"
done
