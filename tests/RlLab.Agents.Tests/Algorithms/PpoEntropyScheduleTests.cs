using RlLab.Agents.Algorithms;
using RlLab.Agents.Training;

namespace RlLab.Agents.Tests.Algorithms;

/// <summary>
/// entropy_coef_end anneals the entropy bonus linearly over the budget: the coefficient logged at a
/// progress is the interpolation, and at the end of the budget the update is exactly the one without a bonus.
/// </summary>
public sealed class PpoEntropyScheduleTests
{
    [Fact]
    public void The_bonus_is_interpolated_and_at_the_end_is_the_end_value()
    {
        using var rig = new PpoRig(a => a with { EntropyCoef = 0.5, EntropyCoefEnd = 0.1, Epochs = 1, Minibatches = 1, NumSteps = 8 },
            new CountingEnv(5, truncate: false), new CountingEnv(7, truncate: false));
        foreach (double progress in new[] { 0.0, 0.25, 1.0 })
        {
            var metrics = new IterationMetrics();
            rig.Ppo.Iterate(progress, 0, new EpisodeLog(), metrics);
            Assert.Equal(0.5 + (0.1 - 0.5) * progress, metrics.Get("charts/entropy_coef"), 12);
        }
    }

    [Fact]
    public void Annealed_to_zero_the_last_update_equals_the_update_without_a_bonus()
    {
        float[] annealed = OneUpdate(a => a with { EntropyCoef = 0.5, EntropyCoefEnd = 0 }, progress: 1);
        float[] none = OneUpdate(a => a with { EntropyCoef = 0 }, progress: 1);
        float[] constant = OneUpdate(a => a with { EntropyCoef = 0.5 }, progress: 1);
        Assert.Equal(none, annealed);
        Assert.NotEqual(none, constant);
    }

    static float[] OneUpdate(Func<PpoConfig, PpoConfig> algo, double progress)
    {
        using var rig = new PpoRig(a => algo(a with { Epochs = 1, Minibatches = 1, NumSteps = 8 }),
            new CountingEnv(5, truncate: false), new CountingEnv(7, truncate: false));
        rig.Ppo.Iterate(progress, 0, new EpisodeLog(), new IterationMetrics());
        return [.. rig.Policy.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray())];
    }
}
