using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Envs.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Algorithms;

/// <summary>Builds the algorithm an <see cref="AlgoKind"/> names: the one place that maps kinds to classes.</summary>
public static class AlgorithmFactory
{
    public static IAlgorithm Create<TObs>(AlgoConfig config, VectorEnv<TObs> envs, ActorCritic policy, Device device, Generator generator)
        where TObs : unmanaged => config.Kind switch
    {
        AlgoKind.Ppo => new Ppo<TObs>(config, envs, policy, device, generator),
        AlgoKind.Reinforce => new Reinforce<TObs>(config, envs, policy, device, generator),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Kind, "no such algorithm"),
    };
}
