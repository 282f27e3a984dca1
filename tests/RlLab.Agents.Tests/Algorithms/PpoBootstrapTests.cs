namespace RlLab.Agents.Tests.Algorithms;

/// <summary>
/// Time limits in PPO's GAE (as SB3's test_gae.py): a truncated episode's last step is worth
/// r + γ·V(final observation); a terminated one's only r. Expected values come from the recursion
/// written out here, one step at a time.
/// </summary>
public sealed class PpoBootstrapTests
{
    const int Length = 3, Steps = 7;          // episodes end at t = 2 and t = 5; t = 6 bootstraps from the next observation
    const double Gamma = 0.9, Lambda = 0.8;
    const float W = 0.5f, B = 2f;             // V(s) = 0.5·s + 2: the final observation (3) and the reset one (0) differ in value
    static double V(double s) => W * s + B;

    /// <summary>The advantages and returns of one env's rollout, from δ_t and A_t = δ_t + γλ·A_{t+1} within an episode.</summary>
    static (double[] Advantages, double[] Returns) Expected(bool truncated)
    {
        var adv = new double[Steps];
        var ret = new double[Steps];
        double next = 0;
        for (int t = Steps - 1; t >= 0; t--)
        {
            double s = t % Length;                          // steps since reset at step t
            bool end = (t + 1) % Length == 0;
            double after = end ? (truncated ? V(Length) : 0) : V((t + 1) % Length);
            double delta = 1 + Gamma * after - V(s);
            next = delta + (end ? 0 : Gamma * Lambda * next);
            adv[t] = next;
            ret[t] = next + V(s);
        }
        return (adv, ret);
    }

    static (float[] Advantages, float[] Returns) Rollout()
    {
        // Env 0 is cut by a time limit, env 1 terminates, after the same steps and rewards.
        using var rig = new PpoRig(a => a with { NumSteps = Steps, Gamma = Gamma, GaeLambda = Lambda, Epochs = 1, Minibatches = 1 },
            new CountingEnv(Length, truncate: true), new CountingEnv(Length, truncate: false));
        rig.SetCritic(W, B);
        rig.Iterate();
        return ((float[])rig.Ppo.Rollout.Advantages.Clone(), (float[])rig.Ppo.Rollout.Returns.Clone());
    }

    static void AssertColumn(double[] expected, float[] actual, int env, string what)
    {
        for (int t = 0; t < Steps; t++)
            Assert.True(Math.Abs(expected[t] - actual[t * 2 + env]) < 1e-4, $"{what}[t={t}, env {env}]: expected {expected[t]}, got {actual[t * 2 + env]}");
    }

    [Fact]
    public void A_truncated_episode_bootstraps_the_value_of_its_final_observation()
    {
        var (adv, ret) = Rollout();
        var (eAdv, eRet) = Expected(truncated: true);
        AssertColumn(eAdv, adv, 0, "advantage");
        AssertColumn(eRet, ret, 0, "return");
    }

    [Fact]
    public void A_terminated_episode_does_not_bootstrap()
    {
        var (adv, ret) = Rollout();
        var (eAdv, eRet) = Expected(truncated: false);
        AssertColumn(eAdv, adv, 1, "advantage");
        AssertColumn(eRet, ret, 1, "return");
        // The last step of an episode is just its reward: R = r.
        Assert.Equal(1.0, ret[2 * 2 + 1], 4);
    }

    [Fact]
    public void Truncation_and_termination_differ_by_the_discounted_final_value()
    {
        var (_, ret) = Rollout();
        // At the step that ends an episode the gap is γ·V(s_final); k steps earlier, (γλ)^k of it.
        for (int t = 0; t < Steps; t++)
        {
            int toEnd = Length - 1 - t % Length;
            bool episodeEndsInRollout = t + toEnd < Steps;
            double gap = episodeEndsInRollout ? Math.Pow(Gamma * Lambda, toEnd) * Gamma * V(Length) : 0;
            Assert.True(Math.Abs(gap - (ret[t * 2] - ret[t * 2 + 1])) < 1e-4, $"t={t}: gap {ret[t * 2] - ret[t * 2 + 1]}, expected {gap}");
        }
    }
}
