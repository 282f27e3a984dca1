using RlLab.Agents.Algorithms;
using RlLab.Envs;
using RlLab.Envs.Registry;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RlLab.Agents.Config;

/// <summary>
/// Loads an experiment YAML file into an <see cref="ExperimentConfig"/>, filling defaults and
/// checking every key. Errors are <see cref="ConfigException"/>s: "file:line:col: message".
/// </summary>
public static partial class ConfigLoader
{
    public static ExperimentConfig Load(string path, IEnumerable<string>? overrides = null)
    {
        if (!File.Exists(path)) throw new ConfigException(path, 1, 1, "no such file");
        return Parse(File.ReadAllText(path), path, overrides);
    }

    /// <summary>
    /// A config that RlLab itself stored in a run (its config.yaml, a checkpoint's header), perhaps
    /// by an older version: the renamed cadence keys are dropped (their defaults apply) rather than
    /// refused, so that old runs still resume and evaluate. A user's own file gets the error.
    /// </summary>
    public static ExperimentConfig ParseStored(string text, string file, IEnumerable<string>? overrides = null) =>
        Parse(RenamedLine().Replace(text, ""), file, overrides);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[ \t]+(log_every|video_every):[^\n]*\n?", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex RenamedLine();

    public static ExperimentConfig Parse(string text, string file, IEnumerable<string>? overrides = null)
    {
        YamlMappingNode root = ParseYaml(text, file);
        var origins = new Dictionary<YamlNode, string>(ReferenceEqualityComparer.Instance);
        foreach (string assignment in overrides ?? [])
            Overrides.Apply(root, assignment, origins);
        return Read(new YamlSection(file, root, "", origins: origins));
    }

    static YamlMappingNode ParseYaml(string text, string file)
    {
        YamlStream stream;
        var parser = new PositionTrackingParser(new Parser(new StringReader(text)));
        try
        {
            stream = SafeYaml.Load(parser);
        }
        catch (YamlException e)
        {
            string reason = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes messages with the position; ours already says where.
            int close = reason.IndexOf("): ", StringComparison.Ordinal);
            if (reason.StartsWith("(Line", StringComparison.Ordinal) && close > 0) reason = reason[(close + 3)..];
            throw new ConfigException(file, (int)e.Start.Line, (int)e.Start.Column, $"invalid YAML: {reason}");
        }
        catch (InvalidOperationException)
        {
            // Some malformed input trips the scanner without a position; report where parsing stopped.
            throw new ConfigException(file, (int)parser.Last.Line, (int)parser.Last.Column, "invalid YAML: unterminated or malformed value after this point");
        }
        if (stream.Documents.Count == 0) throw new ConfigException(file, 1, 1, "the file is empty");
        if (stream.Documents.Count > 1)
            throw new ConfigException(file, (int)stream.Documents[1].RootNode.Start.Line, (int)stream.Documents[1].RootNode.Start.Column,
                "a second YAML document ('---'); an experiment is one document");
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ConfigException(file, (int)stream.Documents[0].RootNode.Start.Line, (int)stream.Documents[0].RootNode.Start.Column,
                "an experiment must be a mapping with name, seed, env, policy, algo, train and stop");
        return root;
    }

    /// <summary>Remembers where the last parsed event ended, for errors that carry no position.</summary>
    sealed class PositionTrackingParser(IParser inner) : IParser
    {
        public Mark Last { get; private set; } = new(0, 1, 1);
        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            bool more = inner.MoveNext();
            if (inner.Current is not null) Last = inner.Current.End;
            return more;
        }
    }

    /// <summary>A run folder is NAME-TIME: file systems allow 255 bytes a name.</summary>
    const int MaxNameLength = 100;

    static ExperimentConfig Read(YamlSection root)
    {
        string name = root.RequiredString("name");
        // The name becomes a folder under runs/: one plain path segment, never a way out of it.
        if (name.Length is 0 or > MaxNameLength)
            throw root.ErrorAt("name", $"must be 1 to {MaxNameLength} characters (it names the run's folder), got {name.Length}");
        if (name is "." or ".." || name.IndexOfAny(['/', '\\', ':']) >= 0 || name.Any(char.IsControl) || name.Trim().Length != name.Length)
            throw root.ErrorAt("name", $"'{name}' must be a plain folder name (no path separators, no '..')");
        int seed = root.Int(ConfigKeys.Seed);
        EnvConfig env = ReadEnv(root.Child("env"));
        AlgoConfig algo = ReadAlgo(root.Child("algo"));
        PolicyConfig policy = ReadPolicy(root.Child("policy"), algo.Algorithm);
        TrainConfig train = ReadTrain(root.Child("train"), algo.Algorithm);
        StopConfig stop = ReadStop(root.Child("stop"));
        SelfPlayConfig? selfPlay = root.Has("self_play") ? ReadSelfPlay(root.Child("self_play")) : null;
        root.RejectUnknown("the sections are name, seed, env, policy, algo, train, stop and self_play");
        algo.Algorithm.Validate(algo, env, train, root);

        return new ExperimentConfig(name, seed, env, policy, algo, train, stop) { SelfPlay = selfPlay };
    }

    /// <summary>
    /// env.assembly: the user's own envs ([RlLabEnv] classes or an IEnvRegistration), from a path
    /// relative to the experiment file's folder, registered before env.id is checked. Returns the full path.
    /// </summary>
    static string LoadEnvAssembly(YamlSection s)
    {
        string value = s.String("assembly", "");
        if (value.Length == 0) throw s.ErrorAt("assembly", "expected the path of a .NET assembly, e.g. assembly: bin/MyEnvs.dll");
        string source = s.File.Split('#')[0];
        string folder = source == "--set" ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".";
        string full = Path.GetFullPath(Path.Combine(folder, value));
        try
        {
            RlLab.Envs.Plugins.EnvAssemblies.Load(full);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            throw s.ErrorAt("assembly", e.Message.Replace(full, value, StringComparison.Ordinal));
        }
        return full;
    }

    static EnvConfig ReadEnv(YamlSection s)
    {
        string? assembly = s.Has("assembly") ? LoadEnvAssembly(s) : null;
        string id = s.RequiredString("id");
        if (!EnvRegistry.Default.TryGet(id, out _))
            throw s.ErrorAt("id", $"unknown env '{id}'; run `rllab envs` for the list");
        int numEnvs = s.Int(ConfigKeys.EnvNumEnvs);
        int threads = s.Int(ConfigKeys.EnvThreads);

        YamlSection options = s.Child("options");
        var optionValues = new Dictionary<string, object?>();
        foreach (string key in options.Keys) optionValues[key] = options.Raw(key);

        // A wrapper is {name: frame_stack, k: 4} or, equally, {frame_stack: {k: 4}}.
        var wrappers = new List<WrapperConfig>();
        YamlSequenceNode? list = s.Sequence("wrappers");
        foreach (YamlNode item in list?.Children ?? [])
        {
            if (item is YamlMappingNode { Children.Count: 1 } single && single.Children.First() is { Value: YamlMappingNode or YamlScalarNode { Value: null or "" } } only
                && ((YamlScalarNode)only.Key).Value != "name")
            {
                var opts = only.Value is YamlMappingNode m ? (Dictionary<string, object?>)YamlSection.ToPlain(m)! : [];
                wrappers.Add(new WrapperConfig(((YamlScalarNode)only.Key).Value!, opts));
                continue;
            }
            if (item is not YamlMappingNode map) throw s.Error(item, $"{s.Path}.wrappers: each wrapper is a mapping, e.g. {{name: frame_stack, k: 4}}");
            string wrapperName = map.Children.TryGetValue(new YamlScalarNode("name"), out YamlNode? n) && n is YamlScalarNode ns && ns.Value is { Length: > 0 } v
                ? v : throw s.Error(item, $"{s.Path}.wrappers: missing required key 'name'");
            wrappers.Add(new WrapperConfig(wrapperName, map.Children.Where(p => ((YamlScalarNode)p.Key).Value != "name")
                .ToDictionary(p => ((YamlScalarNode)p.Key).Value ?? "", p => YamlSection.ToPlain(p.Value))));
        }
        s.RejectUnknown();

        var config = new EnvConfig(id, numEnvs, threads, optionValues, wrappers, assembly);
        // Build one env now, so that a bad option is reported against the file before any run starts.
        try
        {
            using IEnv probe = EnvFactory.Make(config, 0);
        }
        catch (EnvOptionException e)
        {
            // A wrapper's mistake names the wrapper or one of its keys: point at the wrappers list.
            throw !options.Has(e.Key) && wrappers.Count > 0 ? s.ErrorAt("wrappers", e.Message) : options.ErrorAt(e.Key, e.Message);
        }
        return config;
    }

    static PolicyConfig ReadPolicy(YamlSection s, AlgorithmSpec algorithm)
    {
        ConfigKey K(ConfigKey k) => algorithm.Effective(k);
        string type = s.Choice(K(ConfigKeys.PolicyType));
        IReadOnlyList<int> hidden = s.IntList(K(ConfigKeys.PolicyHidden));
        string activation = s.Choice(K(ConfigKeys.PolicyActivation));
        bool shared = s.Bool(K(ConfigKeys.PolicySharedTrunk));
        string distribution = s.Choice(K(ConfigKeys.PolicyDistribution));
        double initLogStd = s.Double(K(ConfigKeys.PolicyInitLogStd));
        string init = s.Choice(K(ConfigKeys.PolicyInit));
        s.RejectUnknown();
        return new PolicyConfig(type, hidden, activation, shared, distribution, initLogStd, init);
    }

    /// <summary>algo.name picks the algorithm, whose spec reads the rest; a key of another algorithm is named as such.</summary>
    static AlgoConfig ReadAlgo(YamlSection s)
    {
        AlgorithmSpec algorithm = AlgorithmRegistry.Get(s.Choice(ConfigKeys.AlgoName));
        foreach (string key in s.Keys)
        {
            if (key == ConfigKeys.AlgoName.Name || algorithm.Keys.Any(k => k.Name == key)) continue;
            if (AlgorithmRegistry.All.FirstOrDefault(a => a.Keys.Any(k => k.Name == key)) is AlgorithmSpec owner)
                throw s.ErrorAt(key, $"is a {owner.Name.ToUpperInvariant()} setting; {algorithm.Name} does not use it");
        }
        AlgoConfig algo = algorithm.Read(s);
        s.RejectUnknown();
        return algo;
    }

    static TrainConfig ReadTrain(YamlSection s, AlgorithmSpec algorithm)
    {
        ConfigKey K(ConfigKey k) => algorithm.Effective(k);
        var train = new TrainConfig(
            TotalSteps: s.Long(K(ConfigKeys.TotalSteps)),
            TotalEpisodes: s.NullableInt(ConfigKeys.TotalEpisodes),
            Device: s.Choice(K(ConfigKeys.Device)),
            Threads: s.Int(K(ConfigKeys.TrainThreads)),
            CheckpointEvery: s.Long(K(ConfigKeys.CheckpointEvery)),
            EvalEpisodes: s.Int(K(ConfigKeys.EvalEpisodes)),
            LogEverySteps: s.Long(K(ConfigKeys.LogEverySteps)),
            RunsDir: s.String(K(ConfigKeys.RunsDir)),
            VideoEverySteps: s.Long(K(ConfigKeys.VideoEverySteps)),
            EvalEvery: s.Long(K(ConfigKeys.EvalEvery)));
        RejectRenamed(s);
        s.RejectUnknown();
        return train;
    }

    /// <summary>Keys of older versions of the format, and the key that replaced each (all cadences count env steps).</summary>
    public static readonly IReadOnlyDictionary<string, string> RenamedTrainKeys = new Dictionary<string, string>
    {
        ["log_every"] = "log_every_steps",
        ["video_every"] = "video_every_steps",
    };

    static void RejectRenamed(YamlSection s)
    {
        foreach (var (old, replacement) in RenamedTrainKeys)
            if (s.Has(old))
                throw s.ErrorAt(old, $"counted iterations and is gone: use {replacement} (env steps, as every cadence in train:)");
    }

    static SelfPlayConfig ReadSelfPlay(YamlSection s)
    {
        var selfPlay = new SelfPlayConfig(
            SnapshotEvery: s.Long(ConfigKeys.SelfPlaySnapshotEvery),
            PoolSize: s.Int(ConfigKeys.SelfPlayPoolSize),
            BuiltinShare: s.Double(ConfigKeys.SelfPlayBuiltinShare));
        s.RejectUnknown();
        return selfPlay;
    }

    static StopConfig ReadStop(YamlSection s)
    {
        var stop = new StopConfig(
            MeanReturn: s.NullableDouble(ConfigKeys.MeanReturn),
            Window: s.Int(ConfigKeys.Window),
            MaxMinutes: s.NullableDouble(ConfigKeys.MaxMinutes));
        s.RejectUnknown();
        return stop;
    }
}
