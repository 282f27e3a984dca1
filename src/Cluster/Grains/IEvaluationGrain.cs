namespace RlLab.Cluster.Grains;

/// <summary>
/// One attempt of one evaluation, activated on the worker silo that claimed it (prefer-local
/// placement). <see cref="Start"/> returns at once: the evaluation can take longer than Orleans'
/// response timeout (30 s).
/// </summary>
public interface IEvaluationGrain : IGrainWithStringKey
{
    Task Start(EvaluationAssignment assignment);
}
