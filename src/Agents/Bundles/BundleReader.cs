using System.Globalization;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Envs.Registry;
using RlLab.Envs.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Bundles;

/// <summary>
/// Reads an agent bundle from a stranger safely: the safetensors layer first (<see cref="SafetensorsReader"/>),
/// then the metadata (format, env, spaces, a closed-list architecture within the parameter budget),
/// then the tensors against the module that architecture builds, name for name and shape for shape.
/// Every rejection is a <see cref="BundleException"/> naming the file and the first thing wrong.
/// </summary>
public static class BundleReader
{
    const int MaxDim = 100_000;

    public static AgentBundle Read(string path, BundleLimits? limits = null)
    {
        limits ??= BundleLimits.Default;
        SafetensorsContent content = SafetensorsReader.Read(path, limits);
        return FromContent(content, path, limits);
    }

    /// <summary>The bundle in a seekable stream (e.g. an upload held in memory); <paramref name="name"/> is used in messages.</summary>
    public static AgentBundle Read(Stream stream, string name, BundleLimits? limits = null)
    {
        limits ??= BundleLimits.Default;
        return FromContent(SafetensorsReader.Read(stream, name, limits), name, limits);
    }

    static AgentBundle FromContent(SafetensorsContent content, string path, BundleLimits limits)
    {
        IReadOnlyDictionary<string, string> m = content.Metadata;
        BundleException Bad(string problem) => new(path, problem);
        foreach (string key in BundleKeys.Required)
            if (!m.ContainsKey(key)) throw Bad(m.Count == 0 ? "no __metadata__: not an RlLab agent bundle" : $"__metadata__ lacks '{key}'");
        if (m[BundleKeys.Format] != BundleKeys.FormatVersion)
            throw Bad($"{BundleKeys.Format} is '{SafetensorsReader.Clip(m[BundleKeys.Format])}'; this RlLab reads version {BundleKeys.FormatVersion}");

        if (!string.Equals(m[BundleKeys.DataSha256], content.DataSha256, StringComparison.Ordinal))
            throw Bad($"the data does not match {BundleKeys.DataSha256}: the file is damaged or was edited");
        if (!BundleMetadataHash.Matches(m))
            throw Bad($"the metadata does not match {BundleKeys.MetadataSha256}: the file is damaged or was edited");
        string envId = m[BundleKeys.EnvId];
        if (!EnvRegistry.Default.TryGet(envId, out _)) throw Bad($"{BundleKeys.EnvId}: unknown env '{SafetensorsReader.Clip(envId)}'");
        Dictionary<string, object?> options;
        List<WrapperConfig> wrappers;
        try
        {
            options = BundleJson.ReadOptions(m[BundleKeys.EnvOptions], BundleKeys.EnvOptions);
            wrappers = BundleJson.ReadWrappers(m[BundleKeys.EnvWrappers], BundleKeys.EnvWrappers);
        }
        catch (FormatException e)
        {
            throw Bad(e.Message);
        }
        long steps = Integer(m, BundleKeys.RunSteps, 0, long.MaxValue, path);
        _ = Integer(m, BundleKeys.RunSeed, 0, int.MaxValue, path);
        _ = steps;

        Space observation = ReadObservation(m, path);
        Space action = ReadAction(m, path);
        BundleArchitecture architecture = ReadArchitecture(m, observation, action, path);
        double? parameters = architecture.ParameterCount(observation, action);
        if (parameters is null) throw Bad($"the observation {observation} is too small for {architecture.Type}");
        if (parameters > limits.MaxParameters)
            throw Bad($"the declared architecture needs {parameters:F0} parameters; the budget is {limits.MaxParameters}");

        // The file must hold exactly what the architecture needs, so the module built next is no larger than the file.
        long held = content.Tensors.Where(t => !IsStatistics(t.Name)).Sum(t => t.Count);
        if (held != parameters)
            throw Bad($"the declared architecture needs {parameters:F0} parameters; the tensors hold {held}");
        var byName = content.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        float[]? statistics = ReadStatistics(byName, observation, path);

        ActorCritic network;
        try
        {
            network = architecture.Build(observation, action);
        }
        catch (ArgumentException e)
        {
            throw Bad($"the architecture cannot be built: {e.Message}");
        }
        try
        {
            LoadWeights(network, byName, path);
            network.eval();
            return new AgentBundle(path, m, architecture, observation, action, options, wrappers, network, statistics);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    static void LoadWeights(ActorCritic network, Dictionary<string, SafetensorsTensor> tensors, string path)
    {
        var expected = network.state_dict();
        foreach (var (name, tensor) in expected.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!tensors.TryGetValue(name, out SafetensorsTensor? t))
                throw new BundleException(path, $"the tensor '{name}' of the declared architecture is missing");
            if (!t.Shape.SequenceEqual(tensor.shape))
                throw new BundleException(path, $"tensor '{name}' has shape [{string.Join(", ", t.Shape)}]; the architecture needs [{string.Join(", ", tensor.shape)}]");
        }
        foreach (string name in tensors.Keys.Order(StringComparer.Ordinal))
            if (!expected.ContainsKey(name) && !IsStatistics(name))
                throw new BundleException(path, $"the tensor '{SafetensorsReader.Clip(name)}' is not part of the declared architecture");
        using (no_grad())
            foreach (var (name, tensor) in expected)
            {
                SafetensorsTensor t = tensors[name];
                using Tensor source = torch.tensor(t.Values, t.Shape);
                tensor.copy_(source);
            }
    }

    static bool IsStatistics(string name) => name is BundleKeys.NormCount or BundleKeys.NormMean or BundleKeys.NormVar;

    static float[]? ReadStatistics(Dictionary<string, SafetensorsTensor> tensors, Space observation, string path)
    {
        bool c = tensors.TryGetValue(BundleKeys.NormCount, out var count);
        bool mu = tensors.TryGetValue(BundleKeys.NormMean, out var mean);
        bool v = tensors.TryGetValue(BundleKeys.NormVar, out var variance);
        if (!c && !mu && !v) return null;
        if (!(c && mu && v)) throw new BundleException(path, $"the observation statistics need all of {BundleKeys.NormCount}, {BundleKeys.NormMean} and {BundleKeys.NormVar}");
        int n = observation.FlatSize;
        if (!count!.Shape.SequenceEqual([1L]) || !mean!.Shape.SequenceEqual([(long)n]) || !variance!.Shape.SequenceEqual([(long)n]))
            throw new BundleException(path, $"the observation statistics must have shapes [1], [{n}] and [{n}]");
        if (!(count.Values[0] > 0)) throw new BundleException(path, $"{BundleKeys.NormCount} must be positive");
        if (variance.Values.Any(x => x < 0)) throw new BundleException(path, $"{BundleKeys.NormVar} has a negative variance");
        return [count.Values[0], .. mean.Values, .. variance.Values];
    }

    static Space ReadObservation(IReadOnlyDictionary<string, string> m, string path)
    {
        int[] shape = Sizes(m, BundleKeys.ObservationShape, path, 1, 3);
        return m[BundleKeys.ObservationDType] switch
        {
            "float32" => Box.Uniform(float.NegativeInfinity, float.PositiveInfinity, shape),
            "uint8" when shape.Length == 3 => Box.Uniform(0, 255, shape, DType.UInt8),
            "uint8" => throw new BundleException(path, $"{BundleKeys.ObservationShape}: uint8 observations are H,W,C images"),
            string other => throw new BundleException(path, $"{BundleKeys.ObservationDType}: '{SafetensorsReader.Clip(other)}' is not float32 or uint8"),
        };
    }

    static Space ReadAction(IReadOnlyDictionary<string, string> m, string path)
    {
        switch (m[BundleKeys.ActionType])
        {
            case "discrete":
                return new Discrete((int)Integer(m, BundleKeys.ActionN, 1, MaxDim, path));
            case "box":
                int[] shape = Sizes(m, BundleKeys.ActionShape, path, 1, 2);
                int n = shape.Aggregate(1, (a, b) => a * b);
                if (n > 1024) throw new BundleException(path, $"{BundleKeys.ActionShape}: more than 1024 actions");
                float[] low = Floats(m, BundleKeys.ActionLow, n, path), high = Floats(m, BundleKeys.ActionHigh, n, path);
                for (int i = 0; i < n; i++)
                    if (!(low[i] <= high[i])) throw new BundleException(path, $"{BundleKeys.ActionLow}[{i}] is above {BundleKeys.ActionHigh}[{i}]");
                return new Box(low, high, shape);
            case string other:
                throw new BundleException(path, $"{BundleKeys.ActionType}: '{SafetensorsReader.Clip(other)}' is not discrete or box");
        }
        throw new BundleException(path, $"{BundleKeys.ActionType} is missing");
    }

    static BundleArchitecture ReadArchitecture(IReadOnlyDictionary<string, string> m, Space observation, Space action, string path)
    {
        string type = m[BundleKeys.PolicyType];
        if (!BundleArchitecture.Types.Contains(type))
            throw new BundleException(path, $"{BundleKeys.PolicyType}: unknown architecture '{SafetensorsReader.Clip(type)}'; known: {string.Join(", ", BundleArchitecture.Types)}");
        if (Policies.Networks.NetworkRegistry.Get(type).NeedsImage && observation is not Box { DType: DType.UInt8 })
            throw new BundleException(path, $"{BundleKeys.PolicyType}: {type} needs uint8 image observations");
        int[] hidden = m[BundleKeys.PolicyHidden].Length == 0 ? [] : Sizes(m, BundleKeys.PolicyHidden, path, 0, BundleArchitecture.MaxLayers, BundleArchitecture.MaxWidth, limitProduct: false);
        string activation = m[BundleKeys.PolicyActivation];
        if (!BundleArchitecture.Activations.Contains(activation))
            throw new BundleException(path, $"{BundleKeys.PolicyActivation}: unknown activation '{SafetensorsReader.Clip(activation)}'; known: {string.Join(", ", BundleArchitecture.Activations)}");
        ActionHead head = (m[BundleKeys.PolicyHead], action) switch
        {
            ("categorical", Discrete) => ActionHead.Categorical,
            ("gaussian", Box) => ActionHead.Gaussian,
            ("mit_gaussian", Box) => ActionHead.MitGaussian,
            ("tanh_gaussian", Box) => ActionHead.TanhGaussian,
            ("bounded_gaussian", Box) => ActionHead.BoundedGaussian,
            (string h, _) => throw new BundleException(path, $"{BundleKeys.PolicyHead}: '{SafetensorsReader.Clip(h)}' is not a head for the action space {action}"),
        };
        bool critic = m[BundleKeys.PolicyCritic] switch
        {
            "true" => true,
            "false" => false,
            string other => throw new BundleException(path, $"{BundleKeys.PolicyCritic}: '{SafetensorsReader.Clip(other)}' is not true or false"),
        };
        return new BundleArchitecture(type, hidden, activation, head, critic);
    }

    static long Integer(IReadOnlyDictionary<string, string> m, string key, long min, long max, string path)
    {
        string s = m.GetValueOrDefault(key) ?? throw new BundleException(path, $"__metadata__ lacks '{key}'");
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v) || v < min || v > max)
            throw new BundleException(path, $"{key}: '{SafetensorsReader.Clip(s)}' is not an integer in [{min}, {max}]");
        return v;
    }

    static int[] Sizes(IReadOnlyDictionary<string, string> m, string key, string path, int minCount, int maxCount, int maxDim = MaxDim, bool limitProduct = true)
    {
        string s = m.GetValueOrDefault(key) ?? throw new BundleException(path, $"__metadata__ lacks '{key}'");
        string[] parts = s.Split(',');
        if (parts.Length < Math.Max(1, minCount) || parts.Length > maxCount)
            throw new BundleException(path, $"{key}: '{SafetensorsReader.Clip(s)}' must list {Math.Max(1, minCount)} to {maxCount} sizes");
        var sizes = new int[parts.Length];
        long product = 1;
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1 || sizes[i] > maxDim)
                throw new BundleException(path, $"{key}: '{SafetensorsReader.Clip(s)}' holds a size that is not an integer in [1, {maxDim}]");
            product *= sizes[i];
            if (limitProduct && product > 50_000_000) throw new BundleException(path, $"{key}: '{SafetensorsReader.Clip(s)}' is too large");
        }
        return sizes;
    }

    static float[] Floats(IReadOnlyDictionary<string, string> m, string key, int n, string path)
    {
        string s = m.GetValueOrDefault(key) ?? throw new BundleException(path, $"__metadata__ lacks '{key}'");
        string[] parts = s.Split(',');
        if (parts.Length != n) throw new BundleException(path, $"{key}: {parts.Length} values, the action shape needs {n}");
        var values = new float[n];
        for (int i = 0; i < n; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || float.IsNaN(values[i]))
                throw new BundleException(path, $"{key}: '{SafetensorsReader.Clip(parts[i])}' is not a number");
        return values;
    }
}
