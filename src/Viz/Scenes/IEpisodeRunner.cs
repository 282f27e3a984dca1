using RlLab.Envs;

namespace RlLab.Viz.Scenes;

/// <summary>
/// One env and one policy stepping together, seen without their observation type: what the
/// viewer, the recorder and the HUD need to know about the running episode.
/// </summary>
public interface IEpisodeRunner : IDisposable
{
    /// <summary>The env as built (with its wrappers); scenes look inside with <c>Find&lt;T&gt;()</c>.</summary>
    IEnv Env { get; }
    /// <summary>Episodes started so far; the first is 1.</summary>
    int Episode { get; }
    int Steps { get; }
    float LastReward { get; }
    double Return { get; }
    /// <summary>The last step ended the episode; the caller resets (or stops).</summary>
    bool Done { get; }
    StepResult LastStep { get; }
    /// <summary>The statistics of the most recent finished episode.</summary>
    EpisodeInfo LastEpisode { get; }
    int FinishedEpisodes { get; }
    /// <summary>The action taken at the last step.</summary>
    ReadOnlySpan<float> Action { get; }
    /// <summary>The observation the policy will see next, as bytes (images) or floats (vectors); the other is empty.</summary>
    ReadOnlySpan<byte> ObservationBytes { get; }
    ReadOnlySpan<float> ObservationFloats { get; }
    /// <summary>Increases whenever the observation changes (for texture uploads).</summary>
    int ObservationVersion { get; }

    void Reset();
    StepResult Step();
}
