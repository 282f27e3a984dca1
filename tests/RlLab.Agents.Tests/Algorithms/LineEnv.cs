using RlLab.Envs;
using RlLab.Envs.Spaces;

namespace RlLab.Agents.Tests.Algorithms;

/// <summary>
/// A point on a line for SAC's tests: x starts in [−0.5, 0.5] (seeded) and moves by 0.5·a, a in
/// [−1, 1]; the reward is −|x|, and −5 more for leaving [−1, 1], which terminates; after <c>limit</c> steps the episode
/// is truncated. Observation: [x]. The next x is a function of x and a alone, so a test can tell a
/// stored next observation from the reset one.
/// </summary>
sealed class LineEnv(int limit) : IEnv<float>
{
    float _x;
    int _steps;
    ulong _state = 1;

    public Space ObservationSpace { get; } = Box.Uniform(-10, 10, [1]);
    public Space ActionSpace { get; } = Box.Uniform(-1, 1, [1]);

    public void Reset(Span<float> observation, int? seed = null)
    {
        if (seed is int s) _state = (ulong)s * 2654435761UL + 1;
        _state = _state * 6364136223846793005UL + 1442695040888963407UL;
        _x = (_state >> 40) / (float)(1UL << 24) - 0.5f;
        _steps = 0;
        observation[0] = _x;
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _x += 0.5f * Math.Clamp(action[0], -1f, 1f);
        _steps++;
        observation[0] = _x;
        bool off = Math.Abs(_x) > 1f;
        return new StepResult(-Math.Abs(_x) - (off ? 5 : 0), off, !off && _steps >= limit);
    }

    public static float Next(float x, float action) => x + 0.5f * Math.Clamp(action, -1f, 1f);
}
