namespace RlLab.Agents.Tests.Algorithms;

/// <summary>
/// target_kl as Ppo.cs documents it (CleanRL's rule): an epoch always runs all its minibatches; the
/// next epoch starts only while the approx_kl of the last minibatch is at most target_kl.
/// </summary>
public sealed class PpoTargetKlTests
{
    const int Epochs = 8, Minibatches = 4;

    static (int Epochs, int Updates) Run(double? targetKl)
    {
        // 4 envs × 16 steps = 64 samples, 4 minibatches of 16. lr 0.01 moves the policy visibly after one minibatch.
        using var rig = new PpoRig(a => a with { NumSteps = 16, Epochs = Epochs, Minibatches = Minibatches, Lr = 0.01, TargetKl = targetKl },
            new CountingEnv(5, true), new CountingEnv(7, false), new CountingEnv(3, true), new CountingEnv(11, false));
        rig.Iterate();
        return rig.Ppo.LastUpdate;
    }

    [Fact]
    public void Without_target_kl_every_epoch_runs()
    {
        Assert.Equal((Epochs, Epochs * Minibatches), Run(null));
    }

    [Fact]
    public void A_tiny_target_kl_stops_after_the_first_epoch_but_finishes_it()
    {
        // After three updates the fourth minibatch's KL is far above 1e-12: the first epoch ends, no other starts.
        Assert.Equal((1, Minibatches), Run(1e-12));
    }

    [Fact]
    public void A_target_kl_never_reached_stops_nothing()
    {
        Assert.Equal((Epochs, Epochs * Minibatches), Run(5.0));
    }
}
