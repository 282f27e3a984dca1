using RlLab.Agents.Bundles;
using RlLab.Agents.Config;
using RlLab.Envs;
using RlLab.Leaderboard.Races;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>
/// The upload gate: the strict bundle reader (it checks every size before allocating), the race's
/// env, and the env's spaces, built in the race's world, against the bundle's. Reasons name no server path.
/// </summary>
public sealed class BundleValidator : IAgentValidator
{
    public AgentVerdict Validate(string path, Race race)
    {
        try
        {
            using AgentBundle bundle = BundleReader.Read(path);
            if (!string.Equals(bundle.EnvId, race.EnvId, StringComparison.OrdinalIgnoreCase))
                return new AgentVerdict($"the agent plays {bundle.EnvId}, this race needs {race.EnvId}");
            EnvConfig agent = bundle.ToExperimentConfig().Env;
            if (race.IsHeadToHead && race.League().RefuseInterface(agent) is string refused) return new AgentVerdict(refused);
            using IEnv env = EnvFactory.Make(race.IsHeadToHead ? race.League().EnvFor(race, agent) : race.EnvFor(agent, race.PracticeSeeds[0]), 0);
            bundle.CheckSpaces(env.ObservationSpace, env.ActionSpace);
            IReadOnlyList<string> ignored = race.IgnoredWorld(agent);
            return new AgentVerdict(null, ignored.Count == 0 ? null : $"the race sets the world; the bundle's {string.Join(", ", ignored)} ignored");
        }
        catch (BundleException e) { return new AgentVerdict($"invalid bundle: {e.Problem}"); }
        catch (Envs.Registry.EnvOptionException e) { return new AgentVerdict($"invalid bundle: env option '{e.Key}': {e.Message}"); }
        catch (ConfigException e) { return new AgentVerdict($"invalid bundle: {e.Message.Replace(path, "bundle", StringComparison.Ordinal)}"); }
    }
}
