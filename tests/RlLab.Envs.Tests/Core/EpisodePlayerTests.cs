using RlLab.Envs.Registry;
using RlLab.Envs.Tests.Fakes;
using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Tests.Core;

public class EpisodePlayerTests
{
    [Fact]
    public void Plays_to_the_end_with_the_policys_raw_action_and_sums_the_episode()
    {
        var registry = new EnvRegistry();
        registry.Register(new EnvSpec("Counting", "a float env with a Box action", _ => new CountingEnv(2, terminateAfter: 3)));
        using IEnv<float> env = new EnvStack("Counting", registry: registry).Make<float>();
        var seen = new List<float>();
        var player = new EpisodePlayer<float>(env, (obs, action) =>
        {
            seen.Add(obs[0]);
            action[0] = 5;      // out of bounds: the stack's ClipAction makes it 1
            action[1] = -0.5f;
        });
        EpisodeInfo info = player.Play(seed: 2);
        // Observations of episode 200 at t = 0, 1, 2; reward = clipped action[0] + t.
        Assert.Equal([200f, 201f, 202f], seen);
        Assert.Equal([1f, -0.5f], env.Find<CountingEnv>()!.LastAction);
        Assert.Equal([5f, -0.5f], player.Action);
        Assert.Equal(3, info.Length);
        Assert.Equal(2 + 3 + 4, info.Return);
        Assert.Equal("counted", info.EndReason);
    }
}
