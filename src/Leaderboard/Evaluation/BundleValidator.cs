using RlLab.Agents.Bundles;
using RlLab.Agents.Config;
using RlLab.Envs;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>
/// The upload gate: the strict bundle reader (it checks every size before allocating), the race's
/// env, and the env's spaces against the bundle's. Reasons name no server path.
/// </summary>
public sealed class BundleValidator : IAgentValidator
{
    public string? Validate(string path, string envId)
    {
        try
        {
            using AgentBundle bundle = BundleReader.Read(path);
            if (!string.Equals(bundle.EnvId, envId, StringComparison.OrdinalIgnoreCase))
                return $"the agent plays {bundle.EnvId}, this race needs {envId}";
            using IEnv env = EnvFactory.Make(bundle.ToExperimentConfig().Env, 0);
            bundle.CheckSpaces(env.ObservationSpace, env.ActionSpace);
            return null;
        }
        catch (BundleException e) { return $"invalid bundle: {e.Problem}"; }
        catch (Envs.Registry.EnvOptionException e) { return $"invalid bundle: env option '{e.Key}': {e.Message}"; }
        catch (ConfigException e) { return $"invalid bundle: {e.Message.Replace(path, "bundle", StringComparison.Ordinal)}"; }
    }
}
