using RlLab.Envs;
using RlLab.Envs.Plugins;
using RlLab.Envs.Registry;
using RlLab.Envs.Spaces;

namespace RlLab.TestEnvs;

/// <summary>
/// A walk along a corridor of <c>length</c> cells: action 1 steps right, 0 left. Reaching the right
/// end gives +1 and terminates; each other step costs 0.01. Observation: [position / length].
/// Registered by its attribute alone, as the smallest custom env would be.
/// </summary>
[RlLabEnv("Corridor", Description = "Test env from RlLab.TestEnvs: walk right to the end of a corridor", MaxEpisodeSteps = 100)]
public sealed class Corridor : IEnv<float>
{
    readonly int _length;
    readonly int _failAfter, _overflowAfter;
    int _position, _steps;
    ulong _state = 1;

    public Corridor(EnvOptions options)
    {
        _length = options.GetInt("length", 8, 2, 1000);
        // A plug-in whose own code fails, for the tests of how RlLab reports it.
        if (options.GetBool("fail_in_constructor", false)) throw new InvalidOperationException("the corridor has no walls");
        // The same in Step, after this many steps of this env (0: never): a throw, or a write past the observation.
        _failAfter = options.GetInt("fail_in_step_after", 0, 0, 1_000_000);
        _overflowAfter = options.GetInt("write_past_observation_after", 0, 0, 1_000_000);
    }

    public Space ObservationSpace { get; } = Box.Uniform(0, 1, [1]);
    public Space ActionSpace { get; } = new Discrete(2);

    public void Reset(Span<float> observation, int? seed = null)
    {
        if (seed is int s) _state = (ulong)s * 2654435761UL + 1;
        _state = _state * 6364136223846793005UL + 1442695040888963407UL;
        _position = (int)((_state >> 33) % (ulong)(_length / 2));   // start in the left half
        observation[0] = _position / (float)_length;
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _steps++;
        if (_failAfter > 0 && _steps >= _failAfter) throw new InvalidOperationException("the corridor ends here");
        if (_overflowAfter > 0 && _steps >= _overflowAfter) observation[1] = 1;
        _position = Math.Max(0, _position + (action[0] >= 0.5f ? 1 : -1));
        bool end = _position >= _length;
        observation[0] = Math.Min(_position, _length) / (float)_length;
        return new StepResult(end ? 1f : -0.01f, end, false);
    }
}
