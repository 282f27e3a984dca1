using RlLab.Agents.Policies;
using RlLab.Agents.Policies.Networks;
using RlLab.Agents.Tests.Training;
using RlLab.Envs.Spaces;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Policies;

/// <summary>A seeded policy gets its weights from its seed alone, while other threads build layers (CI runs test classes in parallel).</summary>
public sealed class GlobalTorchRngTests
{
    [Fact]
    public async Task A_seeded_policy_is_the_same_while_another_thread_builds_layers()
    {
        var config = TinyExperiments.Reinforce().Policy;
        var obs = new Box([-1, -1, -1, -1], [1, 1, 1, 1], [4]);
        float[] Weights()
        {
            using var policy = new ActorCritic(config, obs, new Discrete(2), withCritic: false, seed: 11);
            return [.. policy.parameters().SelectMany(p => p.data<float>().ToArray())];
        }
        float[] alone = Weights();

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var started = new ManualResetEventSlim();
        var other = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                started.Set();
                using var layer = Mlp.Layer(4, 64, 1.0);
                var (cnn, _) = NetworkRegistry.Get("nature_cnn").Build([36, 36, 1], isImage: true);
                cnn.Dispose();
            }
        });
        try
        {
            Assert.True(started.Wait(TimeSpan.FromSeconds(20)));
            for (int i = 0; i < 200; i++) Assert.Equal(alone, Weights());
        }
        finally
        {
            stop.Cancel();
            await other;
        }
    }
}
