using System.Runtime.InteropServices;
using RlLab.Envs;

namespace RlLab.Viz.Scenes;

/// <summary>
/// Steps <paramref name="env"/> with <paramref name="policy"/> through the shared episode loop
/// (<see cref="EpisodePlayer{TObs}"/>) and keeps the numbers the HUD shows. Episode k (from 0) is
/// reset with seed <c>seed + k</c> when a seed is given, so a recording can be reproduced.
/// Disposing it disposes the env.
/// </summary>
public sealed class EpisodeRunner<TObs>(IEnv<TObs> env, ActionChooser<TObs> policy, int? seed = null) : IEpisodeRunner
    where TObs : unmanaged
{
    readonly EpisodePlayer<TObs> _player = new(env, policy);
    EpisodeInfo _last = EpisodeInfo.Empty;

    public IEnv Env => env;
    public int Episode { get; private set; }
    public int Steps => _player.Steps;
    public float LastReward { get; private set; }
    public double Return => _player.Return;
    public bool Done => LastStep.Done;
    public StepResult LastStep { get; private set; }
    public EpisodeInfo LastEpisode => _last;
    public int FinishedEpisodes { get; private set; }
    public int ObservationVersion { get; private set; }
    public ReadOnlySpan<float> Action => _player.Action;
    public ReadOnlySpan<TObs> Observation => _player.Observation;

    public ReadOnlySpan<byte> ObservationBytes => typeof(TObs) == typeof(byte) ? MemoryMarshal.AsBytes(Observation) : default;
    public ReadOnlySpan<float> ObservationFloats => typeof(TObs) == typeof(float) ? MemoryMarshal.Cast<TObs, float>(Observation) : default;

    public void Reset()
    {
        _player.Reset(seed is int s ? s + Episode : null);
        Episode++;
        LastReward = 0;
        LastStep = default;
        ObservationVersion++;
    }

    public StepResult Step()
    {
        if (Episode == 0) Reset();
        StepResult r = _player.Step();
        LastReward = r.Reward;
        LastStep = r;
        ObservationVersion++;
        if (r.Done)
        {
            _last = _player.Finish();
            FinishedEpisodes++;
        }
        return r;
    }

    public void Dispose() => env.Dispose();
}
