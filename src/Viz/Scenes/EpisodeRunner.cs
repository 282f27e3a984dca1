using System.Runtime.InteropServices;
using RlLab.Envs;
using RlLab.Envs.Spaces;
using RlLab.Viz.Policies;

namespace RlLab.Viz.Scenes;

/// <summary>
/// Steps <paramref name="env"/> with <paramref name="policy"/> over caller-visible buffers and keeps
/// the numbers the HUD shows. Episode k (from 0) is reset with seed <c>seed + k</c> when a seed is
/// given, so a recording can be reproduced. Disposing it disposes the env.
/// </summary>
public sealed class EpisodeRunner<TObs>(IEnv<TObs> env, ViewerPolicy<TObs> policy, int? seed = null) : IEpisodeRunner
    where TObs : unmanaged
{
    readonly TObs[] _observation = new TObs[env.ObservationSpace.FlatSize];
    readonly float[] _action = new float[Math.Max(1, env.ActionSpace.FlatSize)];
    EpisodeInfo _last = EpisodeInfo.Empty;

    public IEnv Env => env;
    public int Episode { get; private set; }
    public int Steps { get; private set; }
    public float LastReward { get; private set; }
    public double Return { get; private set; }
    public bool Done => LastStep.Done;
    public StepResult LastStep { get; private set; }
    public EpisodeInfo LastEpisode => _last;
    public int FinishedEpisodes { get; private set; }
    public int ObservationVersion { get; private set; }
    public ReadOnlySpan<float> Action => _action;
    public ReadOnlySpan<TObs> Observation => _observation;

    public ReadOnlySpan<byte> ObservationBytes => typeof(TObs) == typeof(byte) ? MemoryMarshal.AsBytes(_observation.AsSpan()) : default;
    public ReadOnlySpan<float> ObservationFloats => typeof(TObs) == typeof(float) ? MemoryMarshal.Cast<TObs, float>(_observation.AsSpan()) : default;

    public void Reset()
    {
        env.Reset(_observation, seed is int s ? s + Episode : null);
        Episode++;
        Steps = 0;
        Return = 0;
        LastReward = 0;
        LastStep = default;
        _action.AsSpan().Clear();
        ObservationVersion++;
    }

    public StepResult Step()
    {
        if (Episode == 0) Reset();
        policy(_observation, _action);
        if (env.ActionSpace is Box box) box.Clip(_action);
        StepResult r = env.Step(_action, _observation);
        Steps++;
        LastReward = r.Reward;
        Return += r.Reward;
        LastStep = r;
        ObservationVersion++;
        if (r.Done)
        {
            EpisodeInfo info = EpisodeInfo.Empty;
            info.Return = Return;
            info.Length = Steps;
            env.FillEpisodeInfo(ref info);
            // EpisodeStatistics, when present, reports the raw return under any reward scaling.
            _last = info;
            FinishedEpisodes++;
        }
        return r;
    }

    public void Dispose() => env.Dispose();
}
