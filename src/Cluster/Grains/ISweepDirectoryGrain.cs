namespace RlLab.Cluster.Grains;

/// <summary>The cluster's list of live sweeps, which idle workers poll; owners re-register while they live.</summary>
public interface ISweepDirectoryGrain : IGrainWithIntegerKey
{
    Task Register(string sweepId);

    Task Unregister(string sweepId);

    Task<string[]> Live();
}
