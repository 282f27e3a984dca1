namespace RlLab.Agents.Training;

/// <summary>
/// Training stopped because a loss, gradient norm, parameter or observation was NaN or infinite.
/// The run directory keeps its last good checkpoint; nothing non-finite was saved.
/// </summary>
public sealed class NonFiniteException(long step, string quantity, string? lastGood)
    : Exception($"step {step}: non-finite {quantity}; training stopped" +
        (lastGood is null ? " (no checkpoint was saved before it)" : $"; kept the last good checkpoint {lastGood}"))
{
    public long Step { get; } = step;
    public string Quantity { get; } = quantity;
}
