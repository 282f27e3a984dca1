namespace RlLab.Cluster.Grains;

/// <summary>
/// A worker's awaited call to an owner, tried again for a while: a call that times out or meets a
/// ledger-less activation during a membership change may get through a moment later, and every
/// owner call that carries a result is idempotent (the ledger keys it by trial and attempt).
/// </summary>
public static class OwnerCall
{
    public const int Tries = 5;
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    public static async Task Retry(Func<Task> call)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception) when (attempt < Tries)
            {
                await Task.Delay(Pause);
            }
        }
    }
}
