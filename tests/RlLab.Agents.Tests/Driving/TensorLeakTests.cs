using RlLab.Agents.Algorithms;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Envs;
using RlLab.Envs.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Driving;

/// <summary>
/// Every tensor an iteration makes must be gone when it returns, or memory grows over a long run.
/// The count is of live tensors created on this thread (other tests run in parallel on theirs).
/// </summary>
public sealed class TensorLeakTests
{
    static long Live() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    static ExperimentConfig Config(string algo, int numEnvs) => ConfigLoader.Parse($$$"""
        name: leak
        seed: 1
        env: {id: Driving, num_envs: {{{numEnvs}}}, options: {observation: camera, width: 48, height: 48, max_steps: 40}}
        policy: {type: mit_cnn, hidden: [], distribution: mit_gaussian, init: glorot}
        algo: {{{{algo}}}}
        """, "leak.yaml");

    static void AssertIterationsLeakNothing(ExperimentConfig c)
    {
        torch.set_num_threads(1); // as train.threads: 1 does; two intra-op threads on a shared 2-core machine only spin
        using var envs = new VectorEnv<byte>(i => (IEnv<byte>)EnvFactory.Make(c.Env, i), c.Env.NumEnvs);
        envs.Reset(c.Seed);
        using var policy = new ActorCritic(c.Policy, envs.SingleObservationSpace, envs.SingleActionSpace, withCritic: c.Algo.Algorithm.HasCritic);
        using var generator = new Generator(1);
        using IAlgorithm algo = c.Algo.Algorithm.Create(c.Algo, envs, policy, CPU, generator);
        var episodes = new EpisodeLog();
        // Warm-up: Adam creates its moment tensors at the first steps.
        long step = 0;
        for (int i = 0; i < 2; i++) step += algo.Iterate(0.1 * i, step, episodes, new IterationMetrics()).Steps;
        long before = Live();
        for (int i = 2; i < 6; i++) step += algo.Iterate(0.1 * i, step, episodes, new IterationMetrics()).Steps;
        Assert.Equal(before, Live());
    }

    [Fact]
    public void PpoOnPixelsLeavesNoTensorBehind() =>
        AssertIterationsLeakNothing(Config("name: ppo, num_steps: 16, epochs: 2, minibatches: 2", numEnvs: 2));

    [Fact]
    public void ReinforceOnPixelsLeavesNoTensorBehind() =>
        AssertIterationsLeakNothing(Config("name: reinforce, max_batch: 16", numEnvs: 1));
}
