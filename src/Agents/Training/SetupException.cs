namespace RlLab.Agents.Training;

/// <summary>
/// A problem the user must fix, found by the training library (a config that does not fit its env,
/// a run directory that is taken, no intact checkpoint): shown as one line, no stack trace.
/// </summary>
public sealed class SetupException(string message) : Exception(message);
