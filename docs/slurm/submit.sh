#!/bin/bash
# Submits a sharded sweep and its merge:  docs/slurm/submit.sh CONFIG OUT_DIR SHARDS
# Run from the project root after `mvn -q -B package -DskipTests` (the jar is shared by all tasks).
set -euo pipefail
CONFIG=${1:?usage: submit.sh CONFIG OUT_DIR SHARDS}
OUT=${2:?usage: submit.sh CONFIG OUT_DIR SHARDS}
SHARDS=${3:?usage: submit.sh CONFIG OUT_DIR SHARDS}
mkdir -p logs "$OUT"
# Freeze the jar so rebuilding while the sweep runs cannot mix code versions.
cp bench/cli/target/bitscale.jar "$OUT/bitscale.jar"
export BITSCALE_JAR="$OUT/bitscale.jar"
export BITSCALE_GIT_REVISION="$(git rev-parse HEAD)$(git diff --quiet HEAD || echo -dirty)"
# List the plan once: a typo in a spec fails here, not on the cluster.
java -jar "$BITSCALE_JAR" scale "$CONFIG" -o "$OUT/plan" --dry-run > "$OUT/plan.txt"
ARRAY=$(sbatch --parsable --export=ALL --array=1-"$SHARDS" docs/slurm/scale-array.sbatch "$CONFIG" "$OUT")
sbatch --export=ALL --dependency=afterok:"$ARRAY" docs/slurm/merge.sbatch "$OUT"
echo "submitted array job $ARRAY ($SHARDS shards) and its merge; plan in $OUT/plan.txt"
