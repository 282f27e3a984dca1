using RlLab.Agents.Policies;
using RlLab.Envs;
using RlLab.Envs.Spaces;
using TorchSharp;

namespace RlLab.Agents.Evaluation;

/// <summary>Builds the env of episode <paramref name="episode"/> and resets it with that episode's seed into <paramref name="observation"/>.</summary>
public delegate IEnv<TObs> EpisodeStart<TObs>(int episode, Span<TObs> observation) where TObs : unmanaged;

/// <summary>How one episode of a batch ended.</summary>
/// <param name="Stopped">The caller's <c>afterStep</c> ended it (a race's goal reached), not the env.</param>
public readonly record struct BatchedEpisodeEnd(double Return, int Steps, bool Terminated, bool Stopped);

/// <summary>
/// Plays a list of deterministic episodes <c>width</c> at a time: that many envs in lockstep, a finished
/// slot taking the next episode. Image observations go through one batched forward pass a step and the
/// envs step on two threads (rendering and the CNN are the cost); every episode plays exactly as it does
/// alone, which a test checks. Vector observations go through the policy one row at a time: a batched
/// matmul rounds differently from a single row's (a 1e-10 relative change in a 1,000-step return,
/// measured), and an MLP's pass costs little next to the env.
/// </summary>
public sealed class BatchedPlayer<TObs> : IDisposable where TObs : unmanaged
{
    readonly PolicyRunner<TObs> _runner;
    readonly bool _batched;
    readonly int _width, _obsSize, _actSize;
    readonly TObs[] _observations;
    readonly float[] _actions;

    public BatchedPlayer(ActorCritic policy, torch.Device device, IReadOnlyList<int> observationShape, Space actionSpace, int width)
    {
        _width = width;
        _obsSize = observationShape.Aggregate(1, (a, b) => a * b);
        _actSize = actionSpace is Discrete ? 1 : actionSpace.FlatSize;
        _observations = new TObs[width * _obsSize];
        _actions = new float[width * _actSize];
        _batched = typeof(TObs) == typeof(byte);
        _runner = new PolicyRunner<TObs>(policy, _batched ? width : 1, observationShape, device);
    }

    public int Width => _width;

    /// <param name="start">Builds and resets episode i's env (the caller owns it: <paramref name="finish"/> gets it back to dispose or reuse).</param>
    /// <param name="afterStep">Called after each step of episode i; true ends it as stopped. Null: only the env ends episodes.</param>
    /// <param name="finish">Called once per episode, in the order the episodes end.</param>
    public void Play(int episodes, EpisodeStart<TObs> start, Func<int, IEnv<TObs>, StepResult, bool>? afterStep, Action<int, IEnv<TObs>, BatchedEpisodeEnd> finish)
    {
        var slots = new Slot?[_width];
        int next = 0;
        for (int s = 0; s < _width && next < episodes; s++, next++) slots[s] = Begin(next, s, start);
        var results = new StepResult[_width];
        while (slots.Any(x => x is not null))
        {
            try { Act(slots); }
            catch (Exception e) when (e is not OutOfMemoryException) { throw new PolicyFailedException(e); }
            if (_batched) Parallel.For(0, _width, new ParallelOptions { MaxDegreeOfParallelism = 2 }, s => StepSlot(slots, s, results));
            else for (int s = 0; s < _width; s++) StepSlot(slots, s, results);
            for (int s = 0; s < _width; s++)
            {
                if (slots[s] is not { } slot) continue;
                StepResult r = results[s];
                slot.Return += r.Reward;
                slot.Steps++;
                bool stopped = afterStep?.Invoke(slot.Episode, slot.Env, r) == true;
                if (!stopped && !r.Done) continue;
                finish(slot.Episode, slot.Env, new BatchedEpisodeEnd(slot.Return, slot.Steps, r.Terminated && !stopped, stopped));
                slots[s] = next < episodes ? Begin(next++, s, start) : null;
            }
        }
    }

    void Act(Slot?[] slots)
    {
        // Inactive slots keep their last observation: rows are independent, so they change nothing.
        if (_batched) _runner.Act(_observations, _actions, default, default, deterministic: true, generator: null);
        else
            for (int s = 0; s < _width; s++)
                if (slots[s] is not null)
                    _runner.Act(_observations.AsSpan(s * _obsSize, _obsSize), _actions.AsSpan(s * _actSize, _actSize), default, default, true, null);
    }

    void StepSlot(Slot?[] slots, int s, StepResult[] results)
    {
        if (slots[s] is not { } slot) return;
        results[s] = slot.Env.Step(_actions.AsSpan(s * _actSize, _actSize), _observations.AsSpan(s * _obsSize, _obsSize));
    }

    Slot Begin(int episode, int s, EpisodeStart<TObs> start) => new(episode, start(episode, _observations.AsSpan(s * _obsSize, _obsSize)));

    public void Dispose() => _runner.Dispose();

    sealed class Slot(int episode, IEnv<TObs> env)
    {
        public int Episode { get; } = episode;
        public IEnv<TObs> Env { get; } = env;
        public double Return { get; set; }
        public int Steps { get; set; }
    }
}
