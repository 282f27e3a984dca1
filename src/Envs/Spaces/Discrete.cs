namespace RlLab.Envs.Spaces;

/// <summary>N choices, 0..N-1. As an action it travels as one float holding the index.</summary>
public sealed record Discrete(int N) : Space
{
    public override IReadOnlyList<int> Shape => [];

    /// <summary>A discrete action uses one slot of the action buffer.</summary>
    public bool Contains(float action) => action >= 0 && action < N && action == MathF.Floor(action);

    public override string ToString() => $"Discrete({N})";
}
