using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RlLab.Agents.Policies;

/// <summary>Builds multilayer perceptrons with orthogonal initialisation (as CleanRL and SB3 do).</summary>
public static class Mlp
{
    /// <summary>in → hidden[0] → … → hidden[^1] (activations after each hidden layer), then → out when out &gt; 0.</summary>
    public static Module<Tensor, Tensor> Create(int input, IReadOnlyList<int> hidden, string activation, int output, double outputGain, string init = "orthogonal")
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        int width = input;
        for (int i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"fc{i}", Layer(width, hidden[i], Math.Sqrt(2), init)));
            layers.Add(($"act{i}", Activation(activation)));
            width = hidden[i];
        }
        if (output > 0) layers.Add(("out", Layer(width, output, outputGain, init)));
        return Sequential(layers);
    }

    public static Module<Tensor, Tensor> Activation(string name) => name switch
    {
        "tanh" => Tanh(),
        "relu" => ReLU(),
        _ => throw new ArgumentException($"unknown activation '{name}'"),
    };

    /// <summary>
    /// A linear layer with zero bias and either orthogonal weights of the given gain, or Glorot-uniform
    /// weights (Keras' default, which the MIT lab uses; the gain is then ignored).
    /// </summary>
    public static TorchSharp.Modules.Linear Layer(int input, int output, double gain, string initializer = "orthogonal")
    {
        lock (GlobalTorchRng.Gate)
        {
            return Initialised(input, output, gain, initializer);
        }
    }

    static TorchSharp.Modules.Linear Initialised(int input, int output, double gain, string initializer)
    {
        var layer = Linear(input, output);
        using (no_grad())
        {
            if (initializer == "glorot") init.xavier_uniform_(layer.weight);
            else init.orthogonal_(layer.weight, gain);
            init.zeros_(layer.bias!);
        }
        return layer;
    }
}
