using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Checkpoints;

/// <summary>
/// One named piece of an algorithm's state that its checkpoint holds: a module's weights, an
/// optimiser's state or other data (a replay buffer). An algorithm declares its list
/// (<see cref="Algorithms.IAlgorithm.Saved"/>, SB3's <c>_get_torch_save_params</c>); <see cref="Checkpoint"/>
/// writes and reads the parts by name, so it assumes no particular set of networks or optimisers.
/// </summary>
/// <param name="Optional">Loading leaves it as built when the file lacks it (an optimiser: older files could omit it).</param>
public sealed record CheckpointPart(string Name, Action<BinaryWriter> Save, Action<BinaryReader> Load, bool Optional = false)
{
    /// <summary>The acting network of PPO, A2C and REINFORCE (and the part their bundles hold).</summary>
    public const string Policy = "policy";
    /// <summary>Their one optimiser.</summary>
    public const string PolicyOptimizer = "optimizer";

    public static CheckpointPart Module(string name, nn.Module module) =>
        new(name, w => module.save(w), r => module.load(r));

    public static CheckpointPart Optimizer(string name, TorchSharp.Modules.OptimizerHelper optimizer) =>
        new(name, optimizer.save_state_dict, r => optimizer.load_state_dict(r), Optional: true);

    /// <summary>The parts of an algorithm with one policy and (optionally) one optimiser.</summary>
    public static IReadOnlyList<CheckpointPart> PolicyWith(nn.Module policy, TorchSharp.Modules.OptimizerHelper? optimizer) =>
        optimizer is null ? [Module(Policy, policy)] : [Module(Policy, policy), Optimizer(PolicyOptimizer, optimizer)];
}
