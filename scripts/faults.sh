#!/usr/bin/env bash
# Tries the fault cases of docs/reliability.md against the built rllab and prints one row per case:
# case | exit code | first line of stderr (or the last line of stdout).
# Usage: scripts/faults.sh [path/to/rllab]   (builds nothing; run after dotnet build -c Release)
set -u
R=${1:-$(cd "$(dirname "$0")/.." && pwd)/src/Cli/bin/Release/net10.0/rllab}
W=$(mktemp -d); cd "$W"
cat > tiny.yaml <<'Y'
name: tiny
seed: 1
env: {id: CartPole, num_envs: 4}
policy: {hidden: [16, 16]}
algo: {name: ppo, num_steps: 64, epochs: 2, minibatches: 2}
train: {total_steps: 4096, checkpoint_every: 512, eval_episodes: 1, threads: 1}
Y
row() { local name=$1; shift; "$@" > out.txt 2> err.txt; local rc=$?
  local msg; msg=$(grep -m1 -v '^note:' err.txt || true); [ -z "$msg" ] && msg=$(tail -1 out.txt)
  local trace=""; grep -q "   at " err.txt out.txt && trace=" STACKTRACE"
  printf '| %s | %s | %s%s |\n' "$name" "$rc" "${msg//|/\\|}" "$trace"; }
base() { rm -rf run; "$R" train tiny.yaml --out run --quiet > /dev/null 2>&1; }
row "fresh run" "$R" train tiny.yaml --out run --quiet
row "--out onto an existing run" "$R" train tiny.yaml --out run --quiet
mkdir -p full; touch full/x; row "--out onto a non-empty folder" "$R" train tiny.yaml --out full --quiet
touch afile; row "--out naming a file" "$R" train tiny.yaml --out afile --quiet
row "--out under a file" "$R" train tiny.yaml --out afile/run --quiet
mkdir -p ro; chmod 555 ro; row "--out on a read-only folder" "$R" train tiny.yaml --out ro/run --quiet; chmod 755 ro
row "resume a finished run" "$R" train --resume run --quiet
row "train FILE --resume RUN" "$R" train tiny.yaml --resume run --quiet
row "--resume a folder that is no run" "$R" train --resume full --quiet
row "--resume a missing folder" "$R" train --resume nowhere --quiet
row "--set not key=value" "$R" train tiny.yaml --set algo.lr --quiet
row "--set with no argument" "$R" train tiny.yaml --set
row "--set bad number" "$R" train tiny.yaml --set algo.lr=abc --quiet
row "--set out of range" "$R" train tiny.yaml --set algo.lr=5 --quiet
row "--set unknown key" "$R" train tiny.yaml --set algo.lrr=1 --quiet
row "--set into a scalar" "$R" train tiny.yaml --set algo.lr.x=1 --quiet
row "--set empty path segment" "$R" train tiny.yaml --set algo..lr=1 --quiet
row "name ../../x" "$R" train tiny.yaml --set name=../../x --quiet
row "name a/b" "$R" train tiny.yaml --set name=a/b --quiet
row "gaussian head on Discrete" "$R" train tiny.yaml --set policy.distribution=gaussian --quiet
row "nature_cnn on a vector observation" "$R" train tiny.yaml --set policy.type=nature_cnn --quiet
row "mit_cnn on a vector observation" "$R" train tiny.yaml --set policy.type=mit_cnn --quiet
row "device cuda without a GPU" "$R" train tiny.yaml --set train.device=cuda --quiet
row "policy.hidden [100000]" "$R" train tiny.yaml --set 'policy.hidden=[100000]' --quiet
row "policy.hidden [16000,16000]" "$R" train tiny.yaml --set 'policy.hidden=[16000,16000]' --quiet
row "missing experiment file" "$R" train nope.yaml --quiet
printf 'name: x\nenv: {id: CartPole\n' > broken.yaml; row "malformed YAML" "$R" train broken.yaml --quiet
row "eval --episodes 0" "$R" eval run --episodes 0
row "eval --episodes -3" "$R" eval run --episodes -3
base; row "eval of a good run" "$R" eval run --episodes 2
base; f=$(ls run/checkpoints/*.ckpt | tail -1); printf '\x01' | dd of="$f" bs=1 seek=2000 conv=notrunc 2>/dev/null
row "eval, flipped byte in latest" "$R" eval run --episodes 1
row "resume, flipped byte in latest" "$R" train --resume run --set train.total_steps=6000 --quiet
base; f=$(ls run/checkpoints/*.ckpt | tail -1); truncate -s 100 "$f"; row "eval, truncated latest" "$R" eval run --episodes 1
row "resume, truncated latest" "$R" train --resume run --set train.total_steps=6000 --quiet
base; : > $(ls run/checkpoints/*.ckpt | tail -1); row "resume, zeroed (0-byte) latest" "$R" train --resume run --set train.total_steps=6000 --quiet
base; for f in run/checkpoints/*.ckpt; do : > "$f"; done; row "resume, every checkpoint empty" "$R" train --resume run --set train.total_steps=6000 --quiet
base; rm run/checkpoints/*.ckpt; row "resume, no checkpoints" "$R" train --resume run --set train.total_steps=6000 --quiet
base; echo garbage > run/checkpoints/latest; row "resume, latest names nothing" "$R" train --resume run --set train.total_steps=6000 --quiet
base; : > run/progress.csv; row "resume, empty progress.csv" "$R" train --resume run --set train.total_steps=6000 --quiet
base; rm run/progress.csv; row "resume, missing progress.csv" "$R" train --resume run --set train.total_steps=6000 --quiet
base; head -c -7 run/episodes.csv > e && mv e run/episodes.csv; row "resume, torn episodes.csv" "$R" train --resume run --set train.total_steps=6000 --quiet
base; : > run/episodes.csv; row "resume, empty episodes.csv" "$R" train --resume run --set train.total_steps=6000 --quiet
base; : > run/config.yaml; row "resume, empty config.yaml" "$R" train --resume run --quiet
base; rm -rf run/tb; row "resume, tb/ deleted" "$R" train --resume run --set train.total_steps=6000 --quiet
base; touch run/config.yaml.tmp-12345 run/checkpoints/step-1.ckpt.tmp-12345; "$R" train --resume run --set train.total_steps=6000 --quiet > /dev/null 2>&1
printf '| %s | %s | %s |\n' "resume removes stale .tmp-PID files" "-" "left: $(find run -name '*.tmp-*' | wc -l)"
for delay in 1.5 2.5 3.5 4.5; do
  rm -rf run; "$R" train tiny.yaml --out run --set train.total_steps=20000 --quiet > /dev/null 2>&1 & pid=$!
  sleep $delay; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  row "kill -9 after ${delay}s, then --resume" "$R" train --resume run --quiet
done
rm -rf run; "$R" train tiny.yaml --out run --set train.total_steps=200000 --quiet > /dev/null 2>&1 & pid=$!
sleep 3; kill -TERM $pid; wait $pid; rc=$?
printf '| %s | %s | %s |\n' "SIGTERM mid-run" "$rc" "final checkpoint: $(cat run/checkpoints/latest 2>/dev/null)"
row "--resume after SIGTERM" "$R" train --resume run --set train.total_steps=8192 --quiet
find "$W" -name '*.tmp-*' | sed 's/^/leftover: /'
cd /; rm -rf "$W"
