using RlLab.Agents.Algorithms;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Envs.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Algorithms;

public class ReinforceChunkTests
{
    /// <summary>One update of a 50-step episode, learned in chunks of 7 steps or in one pass: the same parameters after it.</summary>
    [Fact]
    public void A_chunked_update_takes_the_same_step_as_one_pass_over_the_episode()
    {
        float[] before = [];
        float[] Update(int chunk)
        {
            ExperimentConfig c = ConfigLoader.Parse("""
                name: reinforce-chunks
                seed: 3
                env: {id: CartPole}
                policy: {hidden: [8]}
                algo: {name: reinforce, lr: 0.01, gamma: 0.9, normalize_returns: true}
                """, "reinforce-chunks.yaml");
            var envs = new VectorEnv<float>([new CountingEnv(50, truncate: false, reward: 1)]);
            envs.Reset(0);
            using var policy = new ActorCritic(c.Policy, envs.SingleObservationSpace, envs.SingleActionSpace, withCritic: false, seed: 3);
            before = [.. policy.parameters().SelectMany(p => p.data<float>().ToArray())];
            using var algo = new Reinforce<float>((ReinforceConfig)c.Algo, envs, policy, CPU, new Generator(3, CPU)) { ChunkSteps = chunk };
            IterationResult r = algo.Iterate(0, 0, new EpisodeLog(), new IterationMetrics());
            Assert.Equal(50, r.Steps);
            return [.. policy.parameters().SelectMany(p => p.data<float>().ToArray())];
        }

        float[] whole = Update(4096), chunked = Update(7);
        Assert.Equal(whole.Length, chunked.Length);
        double moved = 0;
        for (int i = 0; i < whole.Length; i++)
        {
            Assert.True(Math.Abs(whole[i] - chunked[i]) < 1e-6, $"parameter {i}: {whole[i]} vs {chunked[i]}");
            moved = Math.Max(moved, Math.Abs(whole[i] - before[i]));
        }
        Assert.True(moved > 1e-3, $"the update moved the parameters by at most {moved}");
    }
}
