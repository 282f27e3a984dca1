namespace RlLab.Envs.Checking;

public enum EnvCheckStatus { Passed, Failed, Skipped }

/// <summary>One check of <see cref="EnvChecker"/>: its name, the outcome and one line saying why.</summary>
public sealed record EnvCheckResult(string Check, EnvCheckStatus Status, string Detail);

/// <summary>All checks of one env; it passes when none failed.</summary>
public sealed record EnvCheckReport(string Env, IReadOnlyList<EnvCheckResult> Results)
{
    public bool Passed => Results.All(r => r.Status != EnvCheckStatus.Failed);
    public IEnumerable<EnvCheckResult> Failures => Results.Where(r => r.Status == EnvCheckStatus.Failed);
}
