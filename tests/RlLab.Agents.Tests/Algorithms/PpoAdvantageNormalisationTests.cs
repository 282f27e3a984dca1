namespace RlLab.Agents.Tests.Algorithms;

/// <summary>
/// normalize_advantages as Ppo.cs applies it. With lr 0 the policy never changes, so every ratio is 1
/// and the surrogate is −mean(A) of each minibatch: 0 once normalised, else −mean of the raw advantages.
/// Clip fraction and approx_kl are then 0 too.
/// </summary>
public sealed class PpoAdvantageNormalisationTests
{
    static (double PolicyLoss, double RawMean, double ClipFraction, double ApproxKl) Run(bool normalize, int minibatches = 3)
    {
        using var rig = new PpoRig(a => a with { NumSteps = 12, Epochs = 2, Minibatches = minibatches, Lr = 0, NormalizeAdvantages = normalize },
            new CountingEnv(5, truncate: true), new CountingEnv(4, truncate: false));
        rig.SetCritic(0.3f, 1f);
        var m = rig.Iterate();
        return (m.Get("losses/policy_loss"), rig.Ppo.Rollout.Advantages.Average(), m.Get("losses/clip_fraction"), m.Get("losses/approx_kl"));
    }

    // One minibatch is the whole batch, normalised once for all epochs rather than per minibatch.
    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void Normalised_advantages_have_zero_mean_in_every_minibatch(int minibatches)
    {
        var (loss, raw, clipFraction, kl) = Run(normalize: true, minibatches);
        Assert.True(Math.Abs(raw) > 0.5, $"raw mean advantage {raw}: the check needs one far from 0");
        Assert.True(Math.Abs(loss) < 1e-5, $"policy loss {loss}");
        Assert.Equal(0, clipFraction);
        Assert.True(Math.Abs(kl) < 1e-6, $"approx_kl {kl}");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void Without_normalisation_the_surrogate_is_minus_the_mean_advantage(int minibatches)
    {
        var (loss, raw, _, _) = Run(normalize: false, minibatches);
        Assert.Equal(-raw, loss, 4);
    }
}
