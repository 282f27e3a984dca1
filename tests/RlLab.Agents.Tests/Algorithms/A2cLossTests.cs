using RlLab.Agents.Algorithms;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Envs;
using RlLab.Envs.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Algorithms;

/// <summary>A2C's loss (A2cLoss, which A2c.cs calls) and one A2C iteration, against sums done by hand.</summary>
public sealed class A2cLossTests
{
    [Fact]
    public void The_loss_terms_are_the_hand_computed_means()
    {
        using var scope = NewDisposeScope();
        Tensor advantages = tensor(new[] { 1f, -2f, 0.5f }), logProb = tensor(new[] { -0.1f, -0.7f, -1.2f });
        Tensor values = tensor(new[] { 0.5f, 1f, -1f }), returns = tensor(new[] { 1f, 0f, 0f }), entropy = tensor(new[] { 0.6f, 0.5f, 0.4f });
        Tensor pg = A2cLoss.PolicyLoss(advantages, logProb);
        Tensor v = A2cLoss.ValueLoss(values, returns);
        // −(1·−0.1 + −2·−0.7 + 0.5·−1.2) / 3 = −0.7 / 3;  (0.5² + 1² + 1²) / 3 = 0.75;  mean entropy 0.5.
        Assert.Equal(-0.7 / 3, pg.item<float>(), 6);
        Assert.Equal(0.75, v.item<float>(), 6);
        Assert.Equal(-0.7 / 3 - 0.01 * 0.5 + 0.5 * 0.75, A2cLoss.Total(pg, v, entropy, valueCoef: 0.5, entropyCoef: 0.01).item<float>(), 6);
    }

    /// <summary>
    /// One env, blind (observation 0), reward 1 a step, terminated every 3 steps; 5 steps with γ 0.5 and
    /// λ 1, the critic V ≡ 2 and the actor at 50/50. By hand: n-step returns [1.75, 1.5, 1, 2, 2] (the
    /// episode ends at step 3; steps 4 and 5 bootstrap from V = 2), advantages R − 2, value loss
    /// mean((R − 2)²) = 0.2625, policy loss −mean(A · ln ½), entropy ln 2.
    /// </summary>
    [Fact]
    public void One_iteration_learns_from_n_step_returns()
    {
        ExperimentConfig c = ConfigLoader.Parse("name: a2c\nseed: 5\nenv: {id: CartPole}\nalgo: {name: a2c}\n", "a2c.yaml");
        var config = (A2cConfig)c.Algo with { NumSteps = 5, Gamma = 0.5, GaeLambda = 1.0, Lr = 1e-8 };
        using var envs = new VectorEnv<float>([new CountingEnv(3, truncate: false, blind: true)]);
        envs.Reset(0);
        using var policy = new ActorCritic(c.Policy with { Hidden = [] }, envs.SingleObservationSpace, envs.SingleActionSpace, withCritic: true, seed: 5);
        using (no_grad()) policy.named_parameters().Single(p => p.name == "critic.out.bias").parameter.fill_(2f);
        using var generator = new Generator(5, CPU);
        using var a2c = new A2c<float>(config, envs, policy, CPU, generator);
        var metrics = new IterationMetrics();

        IterationResult result = a2c.Iterate(0, 0, new EpisodeLog(), metrics);

        Assert.Equal(5, result.Steps);
        float[] returns = [1.75f, 1.5f, 1f, 2f, 2f];
        Assert.Equal(returns, a2c.Rollout.Returns);
        Assert.Equal(returns.Select(r => r - 2f), a2c.Rollout.Advantages);
        double meanAdvantage = returns.Average(r => r - 2.0);
        Assert.Equal(0.2625, metrics.Get("losses/value_loss"), 6);
        Assert.Equal(-Math.Log(0.5) * meanAdvantage, metrics.Get("losses/policy_loss"), 5);
        Assert.Equal(Math.Log(2), metrics.Get("losses/entropy"), 5);
    }
}
