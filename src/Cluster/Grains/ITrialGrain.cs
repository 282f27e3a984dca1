namespace RlLab.Cluster.Grains;

/// <summary>
/// One attempt of one trial, activated on the worker silo that claimed it (prefer-local placement).
/// <see cref="Start"/> starts the training and returns at once: an awaited call longer than
/// Orleans' response timeout (30 s) would fail.
/// </summary>
public interface ITrialGrain : IGrainWithStringKey
{
    Task Start(TrialAssignment assignment);
}
