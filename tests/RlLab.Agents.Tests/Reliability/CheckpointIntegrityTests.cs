using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Tests.Training;
using RlLab.Envs.Spaces;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Reliability;

public sealed class CheckpointIntegrityTests
{
    static string[] SaveThree(TempDir dir)
    {
        ExperimentConfig config = TinyExperiments.Ppo();
        using var policy = new ActorCritic(config.Policy, new Box([-1, -1, -1, -1], [1, 1, 1, 1], [4]), new Discrete(2), true);
        using var generator = new Generator(5);
        return [.. new[] { 100L, 200, 300 }.Select(step => Checkpoint.Save(dir.Path, ConfigWriter.ToYaml(config),
            new TrainingState(step, 1, 1, 1, [], Checkpoint.SaveGenerator(generator)), policy, null))];
    }

    [Fact]
    public void AFlippedByteIsRefusedWithTheFileName()
    {
        using var dir = new TempDir();
        string newest = SaveThree(dir)[^1];
        byte[] bytes = File.ReadAllBytes(newest);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(newest, bytes);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadHeader(newest));
        Assert.Contains(newest, e.Message);
        Assert.Contains("SHA-256", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(-1)]
    public void ATruncatedFileIsRefusedWithTheFileName(int keep)
    {
        using var dir = new TempDir();
        string newest = SaveThree(dir)[^1];
        byte[] bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes[..(keep >= 0 ? keep : bytes.Length - 1)]);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Verify(newest));
        Assert.Contains(newest, e.Message);
    }

    [Fact]
    public void ResumeFallsBackToTheNewestIntactCheckpointAndSaysSo()
    {
        using var dir = new TempDir();
        string[] saved = SaveThree(dir);
        File.WriteAllBytes(saved[2], [1, 2, 3]);
        byte[] middle = File.ReadAllBytes(saved[1]);
        middle[^1] ^= 1;
        File.WriteAllBytes(saved[1], middle);
        var notices = new List<string>();
        Assert.Equal(saved[0], Checkpoint.ResolveIntact(dir.Path, notices.Add));
        Assert.Equal(2, notices.Count);
        Assert.Contains(Path.GetFileName(saved[2]), notices[0]);
        Assert.Contains(Path.GetFileName(saved[1]), notices[1]);
    }

    [Fact]
    public void NoIntactCheckpointIsOneError()
    {
        using var dir = new TempDir();
        foreach (string f in SaveThree(dir)) File.WriteAllText(f, "");
        Assert.Throws<InvalidDataException>(() => Checkpoint.ResolveIntact(dir.Path));
    }
}
