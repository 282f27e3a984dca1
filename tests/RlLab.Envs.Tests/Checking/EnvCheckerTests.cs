using RlLab.Envs.Checking;
using RlLab.Envs.Registry;

namespace RlLab.Envs.Tests.Checking;

public sealed class EnvCheckerTests
{
    /// <summary>Every registered env, in every option set its page shows (observation and action modes).</summary>
    public static TheoryData<string, int> BuiltInVariants()
    {
        var data = new TheoryData<string, int>();
        foreach (EnvSpec spec in EnvRegistry.Default.Specs)
            for (int v = 0; v < (spec.Doc?.Variants.Count ?? 1); v++) data.Add(spec.Id, v);
        return data;
    }

    [Theory]
    [MemberData(nameof(BuiltInVariants))]
    public void Passes_on_every_built_in_env(string id, int variant)
    {
        EnvSpec spec = EnvRegistry.Default.Specs.Single(s => s.Id == id);
        EnvOptions options = spec.Doc?.Variants[variant].ToOptions() ?? EnvOptions.Empty;
        var stack = new EnvStack(id, options);
        EnvCheckReport report = new EnvChecker(stack.Make) { Steps = 150 }.Run(id);
        Assert.True(report.Passed, string.Join("; ", report.Failures.Select(f => $"{f.Check}: {f.Detail}")));
        Assert.All(report.Results, r => Assert.NotEqual(EnvCheckStatus.Skipped, r.Status));
    }

    [Fact]
    public void Passes_on_the_correct_fake()
    {
        EnvCheckReport report = new EnvChecker(() => new GoodEnv()).Run("good");
        Assert.True(report.Passed, string.Join("; ", report.Failures.Select(f => $"{f.Check}: {f.Detail}")));
        Assert.Equal(7, report.Results.Count(r => r.Status == EnvCheckStatus.Passed));
    }

    public static TheoryData<string, string> Broken() => new()
    {
        { nameof(OutOfSpaceEnv), "reset" },
        { nameof(GlobalCounterEnv), "reset" },
        { nameof(SeedIgnoringEnv), "reset" },
        { nameof(PartialWriteEnv), "reset" },
        { nameof(AllocatingEnv), "no-allocation" },
        { nameof(NaNRewardEnv), "step" },
        { nameof(WrongTypeEnv), "spaces" },
        { nameof(UnboundedActionEnv), "spaces" },
        { nameof(StaleAutoresetEnv), "step-writes-observation" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Catches_a_broken_env_at_the_right_check(string type, string failing)
    {
        Type t = typeof(GoodEnv).Assembly.GetType($"RlLab.Envs.Tests.Checking.{type}")!;
        EnvCheckReport report = new EnvChecker(() => (IEnv)Activator.CreateInstance(t)!).Run(type);
        Assert.False(report.Passed);
        Assert.Equal(failing, report.Failures.First().Check);
    }

    [Fact]
    public void Catches_instances_that_share_state()
    {
        // Each instance alone passes reset and step; two stepped side by side disturb each other.
        EnvCheckReport report = new EnvChecker(() => new SharedStateEnv()).Run("shared");
        Assert.Equal(["determinism"], report.Failures.Select(f => f.Check));
    }

    sealed class SharedStateEnv : GoodEnv
    {
        static int s_shared;

        public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            s_shared++;
            T += s_shared % 2 + 1;
            Write(observation);
            return new StepResult(1f, T >= 20, false);
        }
    }
}
