using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Envs.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Policies;

/// <summary>The C# rollout path for small MLPs gives torch's actions, log-probs and values within float tolerance.</summary>
public sealed class FastMlpPolicyTests
{
    const int Batch = 8, Obs = 4;

    static PolicyConfig Config(string activation, string distribution, params int[] hidden) =>
        new("mlp", hidden, activation, false, distribution, -0.5, "orthogonal");

    static float[] RandomObservations(int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, Batch * Obs).Select(_ => (float)(rng.NextDouble() * 4 - 2))];
    }

    static float[] ToArray(Tensor t) => t.contiguous().data<float>().ToArray();

    // Torch's own log-prob of the given actions, its mode and its values.
    static (float[] LogProb, float[] Mode, float[] Value) Torch(ActorCritic module, float[] obs, float[] actions, int actionSize)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (actorOut, value) = module.call(tensor(obs).reshape(Batch, Obs));
        var dist = module.Distribution(actorOut);
        Tensor a = tensor(actions).reshape(Batch, actionSize);
        return (ToArray(dist.LogProb(a)), ToArray(dist.Mode()), ToArray(value!));
    }

    public static TheoryData<string, string, Space> Heads => new()
    {
        { "tanh", "auto", new Discrete(2) },
        { "relu", "auto", new Discrete(5) },
        { "tanh", "gaussian", Box.Uniform(-1, 1, [2]) },
        { "relu", "mit_gaussian", Box.Uniform(-1, 1, [1]) },
        { "tanh", "bounded_gaussian", new Box([-1f, 0f], [1f, 4f], [2]) },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void Matches_torch_after_each_weight_sync(string activation, string distribution, Space action)
    {
        PolicyConfig config = Config(activation, distribution, 64, 64);
        using var module = new ActorCritic(config, Box.Uniform(-10, 10, [Obs]), action, withCritic: true, seed: 3);
        int a = module.ActionSize;
        using var fast = (FastMlpPolicy)FastMlpPolicy.TryCreate<float>(module, Obs, Batch, steps: 4)!;
        using var generator = new Generator(7);
        using var optimizer = optim.Adam(module.parameters(), 0.05);

        for (int update = 0; update < 3; update++)
        {
            float[] obs = RandomObservations(update);
            var actions = new float[Batch * a];
            var logProbs = new float[Batch];
            var values = new float[Batch];

            // Sampled actions: their log-probs are torch's log-probs of the same actions.
            fast.Act(obs, actions, logProbs, values, deterministic: false, generator);
            var (torchLogProb, mode, torchValue) = Torch(module, obs, actions, a);
            for (int e = 0; e < Batch; e++)
            {
                Assert.Equal(torchLogProb[e], logProbs[e], 1e-4f);
                Assert.Equal(torchValue[e], values[e], 1e-4f);
            }

            // Deterministic actions are torch's mode.
            fast.Act(obs, actions, logProbs, values, deterministic: true, null);
            for (int i = 0; i < actions.Length; i++) Assert.Equal(mode[i], actions[i], 1e-5f);
            var valuesOnly = new float[Batch];
            fast.Values(obs, valuesOnly);
            Assert.Equal(values, valuesOnly);

            // A torch update changes the weights; Sync copies them.
            using (var scope = NewDisposeScope())
            {
                var (actorOut, value) = module.call(tensor(obs).reshape(Batch, Obs));
                (actorOut.pow(2).sum() + value!.sum()).backward();
                optimizer.step();
                optimizer.zero_grad();
            }
            fast.Sync();
        }
    }

    [Fact]
    public void Stale_weights_are_detected_by_the_comparison()
    {
        // The comparison above can fail: without a Sync after an update the values differ.
        PolicyConfig config = Config("tanh", "auto", 16);
        using var module = new ActorCritic(config, Box.Uniform(-10, 10, [Obs]), new Discrete(2), withCritic: true, seed: 4);
        using var fast = (FastMlpPolicy)FastMlpPolicy.TryCreate<float>(module, Obs, Batch, steps: 1)!;
        using (no_grad())
            foreach (var p in module.parameters()) p.add_(0.1f);
        float[] obs = RandomObservations(9);
        var values = new float[Batch];
        fast.Values(obs, values);
        var (_, _, torchValue) = Torch(module, obs, new float[Batch], 1);
        Assert.Contains(Enumerable.Range(0, Batch), e => Math.Abs(torchValue[e] - values[e]) > 1e-3);
        fast.Sync();
        fast.Values(obs, values);
        for (int e = 0; e < Batch; e++) Assert.Equal(torchValue[e], values[e], 1e-4f);
    }

    [Fact]
    public void Categorical_samples_follow_the_probabilities()
    {
        PolicyConfig config = Config("tanh", "auto", 8);
        using var module = new ActorCritic(config, Box.Uniform(-10, 10, [Obs]), new Discrete(3), withCritic: false, seed: 5);
        const int steps = 2000;
        using var fast = (FastMlpPolicy)FastMlpPolicy.TryCreate<float>(module, Obs, Batch, steps)!;
        using var generator = new Generator(11);
        float[] obs = RandomObservations(1);
        var counts = new int[Batch, 3];
        var actions = new float[Batch];
        var logProbs = new float[Batch];
        for (int s = 0; s < steps; s++)
        {
            fast.Act(obs, actions, logProbs, default, false, generator);
            for (int e = 0; e < Batch; e++) counts[e, (int)actions[e]]++;
        }
        for (int e = 0; e < Batch; e++)
            for (int k = 0; k < 3; k++)
            {
                var (lp, _, _) = TorchNoCritic(module, obs, k);
                Assert.Equal(Math.Exp(lp[e]), counts[e, k] / (double)steps, 0.05);
            }
    }

    static (float[] LogProb, float[] Mode, float[]? Value) TorchNoCritic(ActorCritic module, float[] obs, int k)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (actorOut, _) = module.call(tensor(obs).reshape(Batch, Obs));
        var dist = module.Distribution(actorOut);
        return (ToArray(dist.LogProb(full(Batch, 1, (float)k))), ToArray(dist.Mode()), null);
    }

    [Fact]
    public void Cnn_policies_are_not_supported()
    {
        var config = new PolicyConfig("nature_cnn", [64], "relu", false, "auto", 0, "orthogonal");
        using var module = new ActorCritic(config, Box.Image(48, 64, 3), new Discrete(2), true);
        Assert.Null(FastMlpPolicy.TryCreate<byte>(module, 48 * 64 * 3, 1, 1));
        Assert.Null(FastMlpPolicy.TryCreate<float>(module, 48 * 64 * 3, 1, 1));
    }
}
