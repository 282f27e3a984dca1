using System.CommandLine;
using System.CommandLine.Parsing;
using RlLab.Envs;

namespace RlLab.Cli;

/// <summary>
/// The options that choose episodes, built in one place so that they are spelled, parsed and
/// described alike in every verb (docs/cli.md, "Choosing episodes"). The syntax is
/// <see cref="EpisodeSelector"/>'s.
/// </summary>
public static class Selectors
{
    public const string Syntax = "a seed 7, a range 1000-1019, a list 1,5,9, or a track name/file";

    /// <summary>`--seeds`: many episodes, one per env seed.</summary>
    public static Option<EpisodeSelector?> Seeds(string description = "Env seeds, one episode each: 7, 1000-1019 or 1,5,9 (default: the run's evaluation seeds, see --seed)") =>
        Selector("--seeds", "SELECTOR", description);

    /// <summary>`--tracks`: many Driving episodes, one per track.</summary>
    public static Option<EpisodeSelector?> Tracks() => Selector("--tracks", "SELECTOR",
        $"Driving: tracks, one episode each: {Syntax} (default: the run's tracks)");

    /// <summary>`--track`: the one track of a verb that plays a single track.</summary>
    public static Option<EpisodeSelector?> Track(string fallback = "the run's tracks") => Selector("--track", "TRACK",
        $"Driving: one track, a seed or a track name/file (default: {fallback})");

    /// <summary>`--seed`: the first env seed; episode k is reset with seed + k, as eval's episode k is.</summary>
    public static Option<int?> Seed(string fallback = "the run's evaluation seeds, 1000000 + 1000 x the config's seed, as eval; 0 without a run") => new("--seed")
    {
        HelpName = "SEED",
        Description = $"Env seed of the first episode; episode k uses SEED + k (default: {fallback})",
    };

    static Option<EpisodeSelector?> Selector(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = Parse,
    };

    /// <summary>The parser every selector option uses: a bad selector is a parse error (one line, exit 2).</summary>
    static EpisodeSelector? Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(',', result.Tokens.Select(t => t.Value));
        try { return EpisodeSelector.Parse(text); }
        catch (FormatException e)
        {
            string option = result.Parent is OptionResult o ? o.Option.Name : "selector";
            result.AddError($"{option}: {e.Message}");
            return null;
        }
    }

    /// <summary>The one track of `--track`, as the env option `track` takes it; null when not given.</summary>
    public static string? SingleTrack(EpisodeSelector? selector, string option = "--track")
    {
        if (selector is null) return null;
        try { return selector.Single().TrackOption; }
        catch (FormatException e) { throw new UserError($"{option}: {e.Message} (eval --tracks plays many)"); }
    }

    /// <summary>The integer seeds of `--seeds`.</summary>
    public static IReadOnlyList<int> SeedList(EpisodeSelector selector, string option = "--seeds")
    {
        try { return selector.Seeds(); }
        catch (FormatException e) { throw new UserError($"{option}: {e.Message}; tracks go in --tracks"); }
    }
}
