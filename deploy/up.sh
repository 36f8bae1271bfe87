#!/usr/bin/env bash
# The one command from a fresh clone to the running stack of docker-compose.yml:
#   1. builds the gateway's and the emulator's jars with Maven (JDK 17; tests skipped),
#   2. stages exactly the jars of this checkout's version into deploy/build/ (the images copy those two files,
#      so an older jar left in target/ is never picked up),
#   3. makes the base image debian:bookworm-slim if the engine has none and cannot pull it (deploy/base-image.sh),
#   4. docker compose up --build, with whatever arguments you pass (e.g. -d, --profile observability).
# The port variables of docker-compose.yml's header apply, e.g.
#   GATEWAY_PORT=18080 ISSUER_PORT=18081 GATEWAY_1_PORT=18082 GATEWAY_2_PORT=18083 EMULATOR_PORT=18089 deploy/up.sh -d
# SKIP_MAVEN=1 skips step 1 (jars already built by this checkout, e.g. by mvn verify).
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/stage-jars.sh
deploy/base-image.sh
exec docker compose up --build "$@"
