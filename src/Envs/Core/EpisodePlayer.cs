using RlLab.Envs.Spaces;

namespace RlLab.Envs;

/// <summary>Chooses an action for an observation (a trained policy, a script or a person at the keyboard).</summary>
public delegate void ActionChooser<TObs>(ReadOnlySpan<TObs> observation, Span<float> action) where TObs : unmanaged;

/// <summary>
/// Plays episodes of one env with one policy over caller-visible buffers: the one loop that
/// evaluation, races, the viewer and recordings share. The action goes to the env as the policy
/// wrote it; the env stack clips Box actions (<see cref="Wrappers.ClipAction{TObs}"/>).
/// </summary>
public sealed class EpisodePlayer<TObs>(IEnv<TObs> env, ActionChooser<TObs> policy) where TObs : unmanaged
{
    readonly TObs[] _observation = new TObs[env.ObservationSpace.FlatSize];
    readonly float[] _action = new float[env.ActionSpace is Discrete ? 1 : env.ActionSpace.FlatSize];

    public IEnv<TObs> Env => env;
    /// <summary>The observation the policy sees next.</summary>
    public TObs[] Observation => _observation;
    /// <summary>The action of the last step (cleared by a reset).</summary>
    public float[] Action => _action;
    /// <summary>Steps and summed reward since the last reset.</summary>
    public int Steps { get; private set; }
    public double Return { get; private set; }

    public void Reset(int? seed)
    {
        env.Reset(_observation, seed);
        Steps = 0;
        Return = 0;
        _action.AsSpan().Clear();
    }

    /// <summary>One step: the policy acts on the current observation, the env moves.</summary>
    public StepResult Step()
    {
        policy(_observation, _action);
        StepResult r = env.Step(_action, _observation);
        Steps++;
        Return += r.Reward;
        return r;
    }

    /// <summary>The finished episode's statistics: the played return and length, then what the env adds (EpisodeStatistics: the raw return under reward scaling).</summary>
    public EpisodeInfo Finish()
    {
        EpisodeInfo info = EpisodeInfo.Empty;
        info.Return = Return;
        info.Length = Steps;
        env.FillEpisodeInfo(ref info);
        return info;
    }

    /// <summary>A whole episode from a reset with <paramref name="seed"/> to its end.</summary>
    public EpisodeInfo Play(int? seed)
    {
        Reset(seed);
        while (!Step().Done) { }
        return Finish();
    }
}
