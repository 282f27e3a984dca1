namespace RlLab.Envs.Wrappers;

/// <summary>A wrapper that learns running statistics (normalize_observation, scale_reward): evaluation and the viewer freeze them.</summary>
public interface IStatisticsWrapper : IEnv
{
    /// <summary>When true, the statistics are used but not updated.</summary>
    bool Frozen { get; set; }
}
