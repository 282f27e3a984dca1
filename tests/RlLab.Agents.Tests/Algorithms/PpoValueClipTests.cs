namespace RlLab.Agents.Tests.Algorithms;

/// <summary>
/// clip_value_loss end to end: with it, many epochs on one batch move the critic to about
/// clip_coef past its rollout value and no further; without it, the critic keeps moving toward the returns.
/// </summary>
public sealed class PpoValueClipTests
{
    const double Lr = 0.005, Clip = 0.2;
    const int Epochs = 200;

    /// <summary>How far one iteration moved V from 0: the env is blind, so V is the critic's bias.</summary>
    static double ValueChange(bool clip)
    {
        // Reward 1 and no episode end within the 8 steps: every return is at least 1, V starts at 0.
        using var rig = new PpoRig(a => a with { NumSteps = 8, Epochs = Epochs, Minibatches = 1, Lr = Lr, ClipCoef = Clip, ClipValueLoss = clip, EntropyCoef = 0 },
            new CountingEnv(1000, truncate: true, blind: true));
        rig.SetCritic(0, 0);
        rig.Iterate();
        Assert.All(rig.Ppo.Rollout.Returns, r => Assert.True(r >= 1));
        return rig.CriticBias();
    }

    // Adam moves a parameter about lr per step; once the gradient stops, its momentum carries it
    // about 1/(1 − β1) = 10 steps further (measured: 11); 20 leaves room for other float paths.
    const double Overshoot = 20 * Lr;

    [Fact]
    public void With_the_value_clip_the_critic_stops_near_clip_coef()
    {
        double dv = ValueChange(clip: true);
        Assert.InRange(dv, Clip, Clip + Overshoot);
    }

    [Fact]
    public void Without_it_the_critic_moves_further()
    {
        double dv = ValueChange(clip: false);
        Assert.True(dv > 2 * (Clip + Overshoot), $"V moved {dv}");
    }
}
