namespace RlLab.Agents.Policies;

/// <summary>
/// torch's global generator is one per process and layer init draws from it. Whoever seeds it or
/// builds layers holds this gate, so that a seeded construction on one thread gets the same
/// weights whatever other threads build meanwhile. Reentrant: builders nest.
/// </summary>
public static class GlobalTorchRng
{
    public static readonly Lock Gate = new();
}
