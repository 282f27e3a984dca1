using RlLab.Agents.Algorithms;
using RlLab.Agents.Distributions;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Algorithms;

/// <summary>SAC's arithmetic on tiny fixed tensors, against numbers worked out by hand.</summary>
public sealed class SacLossTests
{
    static Tensor T(params float[] v) => tensor(v);
    static double D(Tensor t) => t.item<float>();

    [Fact]
    public void The_target_bootstraps_unless_terminated()
    {
        // Row 0: 1 + 0.5·(min(3, 4) − 0.2·(−1)) = 2.6. Row 1 terminated: just its reward, 2.
        // A truncated transition is stored with terminated = 0, so it is row 0's case.
        using var scope = NewDisposeScope();
        Tensor y = SacLoss.Target(T(1, 2), T(0, 1), 0.5, T(3, 10), T(4, -1), T(-1, 5), tensor(0.2f));
        Assert.Equal(2.6, y[0].item<float>(), 5);
        Assert.Equal(2.0, y[1].item<float>(), 5);
    }

    [Fact]
    public void The_critic_loss_is_half_the_sum_of_both_mean_squared_errors()
    {
        // mse(Q1) = ((1−2)² + 0²)/2 = 0.5; mse(Q2) = ((0−2)² + (4−2)²)/2 = 4; ½(0.5 + 4) = 2.25.
        using var scope = NewDisposeScope();
        Assert.Equal(2.25, D(SacLoss.Critic(T(1, 2), T(0, 4), T(2, 2))), 5);
    }

    [Fact]
    public void The_actor_loss_takes_the_smaller_Q()
    {
        // Row 0: 0.5·(−1) − min(1, 2) = −1.5; row 1: 0.5·2 − min(3, 0) = 1; mean −0.25.
        using var scope = NewDisposeScope();
        Assert.Equal(-0.25, D(SacLoss.Actor(tensor(0.5f), T(-1, 2), T(1, 3), T(2, 0))), 5);
    }

    [Fact]
    public void The_temperature_loss_and_its_gradient()
    {
        // log α = ln 2, log π = [−1, −3], target −2: loss = −ln 2 · mean(−3, −5) = 4 ln 2; d/dlog α = −mean(log π + target) = 4.
        using var scope = NewDisposeScope();
        Tensor logAlpha = tensor((float)Math.Log(2)).requires_grad_();
        Tensor logProb = T(-1, -3).requires_grad_();
        Tensor loss = SacLoss.Temperature(logAlpha, logProb, -2);
        Assert.Equal(4 * Math.Log(2), D(loss), 5);
        loss.backward();
        Assert.Equal(4.0, logAlpha.grad!.item<float>(), 5);
        Assert.True(logProb.grad is null || logProb.grad.abs().sum().item<float>() == 0, "log π is a constant of the temperature loss");
    }

    [Theory]
    [InlineData(-0.5, true)]   // entropy 0.5 below the target 1: α must rise
    [InlineData(-3.0, false)]  // entropy 3 above it: α must fall
    public void The_temperature_moves_towards_the_target_entropy(double logProb, bool rises)
    {
        using var temperature = new Temperature(0.5);
        using var adam = optim.Adam([temperature.LogAlpha], 0.1);
        using (var scope = NewDisposeScope())
        {
            Tensor loss = SacLoss.Temperature(temperature.LogAlpha, full(4, (float)logProb), targetEntropy: 1.0);
            loss.backward();
            adam.step();
        }
        using Tensor alpha = temperature.Alpha();
        Assert.Equal(rises, alpha.item<float>() > 0.5f);
    }

    [Fact]
    public void The_squashed_log_probability_has_the_tanh_correction()
    {
        // Box [−1, 3]: scale 2, bias 1. Action 1.6 is y = 0.3, u = atanh 0.3; with mean 0.5, std 0.5:
        // log N(u) − log(1 − y²) − log 2, by the textbook formula.
        using var scope = NewDisposeScope();
        var d = new SquashedGaussian(T(0.5f).reshape(1, 1), T((float)Math.Log(0.5)).reshape(1, 1), T(2), T(1));
        double u = Math.Atanh(0.3), z = (u - 0.5) / 0.5;
        double expected = -0.5 * z * z - Math.Log(0.5) - 0.5 * Math.Log(2 * Math.PI) - Math.Log(1 - 0.09) - Math.Log(2);
        Assert.Equal(expected, d.LogProb(T(1.6f).reshape(1, 1))[0].item<float>(), 4);
        Assert.Equal(1 + 2 * Math.Tanh(0.5), d.Mode()[0, 0].item<float>(), 5);

        // A reparameterised sample's log-probability is the same density, in the squashed units (no log 2).
        using var g = new Generator(3);
        var (y, logProb) = d.SampleSquashed(g);
        double ys = y[0, 0].item<float>();
        Assert.InRange(ys, -1, 1);
        Assert.Equal(d.LogProb(d.Scale(y))[0].item<float>() + Math.Log(2), logProb[0].item<float>(), 3);
    }

    [Fact]
    public void Polyak_moves_the_target_by_tau()
    {
        using var source = nn.Linear(2, 1);
        using var target = nn.Linear(2, 1);
        using (no_grad())
        {
            foreach (var p in source.parameters()) p.fill_(1);
            foreach (var p in target.parameters()) p.fill_(0);
        }
        Polyak.Update(source, target, 0.25);
        Assert.All(target.parameters(), p => Assert.True(p.eq(0.25f).all().item<bool>()));
        Polyak.Update(source, target, 0.25);   // 0.25·1 + 0.75·0.25
        Assert.All(target.parameters(), p => Assert.True(p.eq(0.4375f).all().item<bool>()));
        Assert.All(source.parameters(), p => Assert.True(p.eq(1f).all().item<bool>()));
    }
}
