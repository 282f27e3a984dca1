namespace RlLab.Agents.Bundles;

/// <summary>A bundle file that is rejected. The message is one line: "PATH: the first thing wrong".</summary>
public sealed class BundleException : Exception
{
    public BundleException(string path, string problem) : base($"{path}: {problem}")
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file that was rejected.</summary>
    public string FilePath { get; }

    /// <summary>What was wrong, without the path.</summary>
    public string Problem { get; }
}
