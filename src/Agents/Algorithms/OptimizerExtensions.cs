using TorchSharp;

namespace RlLab.Agents.Algorithms;

static class OptimizerExtensions
{
    public static void SetLearningRate(this TorchSharp.Modules.OptimizerHelper optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }
}
