#!/usr/bin/env bash
# Builds (unless SKIP_MAVEN=1) and stages the two jars the images copy: deploy/build/demo-gateway.jar and
# deploy/build/cometchat-emulator.jar, named by this checkout's version, so that no pattern can match a second,
# older jar left in target/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_MAVEN:-0}" != 1 ]; then
    mvn -B -ntp -q -DskipTests package -pl demo-gateway,cometchat-emulator -am
fi
# The version every module inherits from the root pom (the first <version> after the parent's coordinates).
version=$(sed -n '/<artifactId>cometgate-parent<\/artifactId>/,/<\/project>/{s:.*<version>\(.*\)</version>.*:\1:p}' pom.xml | head -1)
[ -n "$version" ] || { echo "stage-jars: cannot read the project version from pom.xml" >&2; exit 1; }
mkdir -p deploy/build
cp "demo-gateway/target/demo-gateway-$version.jar" deploy/build/demo-gateway.jar
cp "cometchat-emulator/target/cometchat-emulator-$version-exec.jar" deploy/build/cometchat-emulator.jar
echo "stage-jars: version $version staged in deploy/build/"
