namespace RlLab.Envs;

/// <summary>
/// The outcome of one step. Terminated: the MDP reached a terminal state (do not bootstrap).
/// Truncated: the episode was cut short, e.g. by a time limit (bootstrap from the final observation).
/// </summary>
public readonly record struct StepResult(float Reward, bool Terminated, bool Truncated)
{
    public bool Done => Terminated || Truncated;
}
