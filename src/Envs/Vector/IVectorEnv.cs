using RlLab.Envs.Spaces;

namespace RlLab.Envs.Vector;

/// <summary>
/// What a <see cref="VectorEnv{TObs}"/> offers whatever its observation type, for code that
/// learns the type only from the env's observation space (see <see cref="ObservationType"/>).
/// Cast to VectorEnv&lt;float&gt; or VectorEnv&lt;byte&gt; to read the observation buffers.
/// </summary>
public interface IVectorEnv : IDisposable
{
    int Count { get; }
    int Threads { get; }
    int ObservationSize { get; }
    int ActionSize { get; }
    Space SingleObservationSpace { get; }
    Space SingleActionSpace { get; }
    /// <summary>Float32 for VectorEnv&lt;float&gt;, UInt8 for VectorEnv&lt;byte&gt;.</summary>
    DType ObservationType { get; }

    float[] Rewards { get; }
    bool[] Terminated { get; }
    bool[] Truncated { get; }
    EpisodeInfo[] Episodes { get; }
    bool Done(int index);

    void Reset(int? seed = null);
    void Step(ReadOnlySpan<float> actions);
}
