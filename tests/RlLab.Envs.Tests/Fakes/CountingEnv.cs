using RlLab.Envs;
using RlLab.Envs.Spaces;

namespace RlLab.Envs.Tests.Fakes;

/// <summary>
/// A float env whose every number is predictable: after t steps of an episode started with
/// value v0, observation element i is v0 + t + i/10; the reward is the action's first value plus t;
/// it terminates after <see cref="TerminateAfter"/> steps (never when 0). The last action is recorded.
/// </summary>
sealed class CountingEnv(int size = 3, int terminateAfter = 0, Box? actionSpace = null) : IEnv<float>
{
    int _t, _episode;

    public Space ObservationSpace { get; } = Box.Uniform(-1000, 1000, [size]);
    public Space ActionSpace { get; } = actionSpace ?? Box.Uniform(-1, 1, [2]);
    public int TerminateAfter { get; } = terminateAfter;
    public float[] LastAction { get; private set; } = [];
    public int Resets { get; private set; }

    public void Reset(Span<float> observation, int? seed = null)
    {
        if (seed is int s) _episode = s * 100;
        else _episode++;
        _t = 0;
        Resets++;
        Write(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        LastAction = action.ToArray();
        _t++;
        Write(observation);
        return new StepResult(action[0] + _t, TerminateAfter > 0 && _t >= TerminateAfter, false);
    }

    public void FillEpisodeInfo(ref EpisodeInfo info) => info.EndReason = "counted";

    public static float Value(int episode, int t, int i) => episode + t + i / 10f;

    void Write(Span<float> o)
    {
        for (int i = 0; i < o.Length; i++) o[i] = Value(_episode, _t, i);
    }
}
