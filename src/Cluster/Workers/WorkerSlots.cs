namespace RlLab.Cluster.Workers;

/// <summary>How many trials this silo runs at once, and where it keeps their temporary run directories.</summary>
public sealed class WorkerSlots(int count, string workRoot)
{
    readonly SemaphoreSlim free = new(count, Math.Max(1, count));

    public int Count { get; } = count;
    public string WorkRoot { get; } = workRoot;

    public Task WaitAsync(CancellationToken cancel) => free.WaitAsync(cancel);

    public void Release() => free.Release();
}
