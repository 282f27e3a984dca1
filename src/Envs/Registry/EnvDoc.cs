namespace RlLab.Envs.Registry;

/// <summary>
/// An env's reference page, declared next to its code and registered with its <see cref="EnvSpec"/>.
/// <see cref="EnvPage"/> renders it (Gymnasium's layout) for `rllab envs ID` and docs/envs/, so the
/// docs and the code cannot disagree: spaces and bounds are read from envs built with
/// <see cref="Variants"/>, and a test checks each page against the registry.
/// Texts are Markdown.
/// </summary>
public sealed record EnvDoc
{
    /// <summary>One paragraph: what the task is, where it comes from.</summary>
    public required string Description { get; init; }
    /// <summary>Option sets whose spaces the page shows; the first one is the default (no options).</summary>
    public IReadOnlyList<EnvVariant> Variants { get; init; } = [new EnvVariant("default")];
    public required IReadOnlyList<EnvDocBlock> Actions { get; init; }
    public required IReadOnlyList<EnvDocBlock> Observations { get; init; }
    public required string Reward { get; init; }
    public required string StartState { get; init; }
    /// <summary>The MDP's terminal states: do not bootstrap.</summary>
    public required string Termination { get; init; }
    /// <summary>Cuts that are not terminal states (time limits): bootstrap from the final observation.</summary>
    public required string Truncation { get; init; }
    public required IReadOnlyList<EnvOptionDoc> Options { get; init; }
    /// <summary>The <see cref="EpisodeInfo"/> fields the env fills at the end of an episode.</summary>
    public required IReadOnlyList<EnvInfoDoc> Info { get; init; }
    public required IReadOnlyList<EnvVersionDoc> Versions { get; init; }
}

/// <summary>
/// One option of <c>env.options</c>. <paramref name="Name"/> is the YAML key; nested keys are
/// written with a dot (<c>randomize.colors</c>). Default and range are display text. <paramref name="Role"/>
/// says whether a race takes it from the agent's bundle (<see cref="OptionRole.Interface"/>) or sets it itself.
/// </summary>
public sealed record EnvOptionDoc(string Name, string Default, string Range, string Doc, OptionRole Role = OptionRole.World)
{
    /// <summary>The top-level YAML key (<c>roi</c> for <c>roi.top</c>): roles apply to whole top-level keys.</summary>
    public string Key => Name.Split('.', 2)[0];
}

/// <summary>An episode-info field (as in episodes.csv) and what it means for this env.</summary>
public sealed record EnvInfoDoc(string Field, string Doc);

public sealed record EnvVersionDoc(string Version, string Change);

/// <summary>A named set of options, e.g. <c>observation=camera</c>, whose spaces the page prints.</summary>
public sealed record EnvVariant(string Label, IReadOnlyDictionary<string, object?>? Options = null)
{
    public EnvOptions ToOptions() => new(Options);
}

/// <summary>
/// A part of the action or observation section: a title (e.g. a mode), Markdown text, and optionally
/// one row per element, whose bounds the page reads from the space of variant <see cref="Variant"/>.
/// When the space has more elements than rows, the last row covers the rest.
/// </summary>
public sealed record EnvDocBlock(string? Title, string Text, IReadOnlyList<EnvElementDoc>? Elements = null, int Variant = 0);

/// <summary>One element of a vector space: its meaning and unit.</summary>
public sealed record EnvElementDoc(string Name, string Unit, string Doc = "");
