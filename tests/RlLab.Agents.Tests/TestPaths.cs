namespace RlLab.Agents.Tests;

/// <summary>Paths of the checkout the tests run from.</summary>
static class TestPaths
{
    /// <summary>The repository root: the first folder above the test binaries that holds RlLab.sln.</summary>
    public static string Repo()
    {
        string? repo = AppContext.BaseDirectory;
        while (repo is not null && !File.Exists(Path.Combine(repo, "RlLab.sln"))) repo = Path.GetDirectoryName(repo);
        return repo ?? throw new DirectoryNotFoundException("RlLab.sln not found above the test binaries");
    }
}
