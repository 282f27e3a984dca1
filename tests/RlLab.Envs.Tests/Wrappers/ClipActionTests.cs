using RlLab.Envs.Spaces;
using RlLab.Envs.Tests.Fakes;
using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Tests.Wrappers;

public class ClipActionTests
{
    [Fact]
    public void Clamps_into_the_inner_bounds_without_touching_the_callers_buffer()
    {
        var inner = new CountingEnv(1, actionSpace: new Box([-1f, 0f], [1f, 2f], [2]));
        var env = new ClipAction<float>(inner);
        var obs = new float[1];
        env.Reset(obs, 0);
        float[] action = [5f, -3f];
        env.Step(action, obs);
        Assert.Equal([1f, 0f], inner.LastAction);
        Assert.Equal([5f, -3f], action);
        env.Step([0.5f, 1.5f], obs);
        Assert.Equal([0.5f, 1.5f], inner.LastAction);
    }

    [Fact]
    public void Outer_action_space_is_unbounded_like_gymnasium()
    {
        var env = new ClipAction<float>(new CountingEnv(1));
        var box = Assert.IsType<Box>(env.ActionSpace);
        Assert.Equal([2], box.Shape);
        Assert.True(box.Contains([1e30f, -1e30f]));
    }

    [Fact]
    public void Needs_a_box_action_space() =>
        Assert.Throws<ArgumentException>(() => new ClipAction<byte>(new PatternImageEnv(1, 1, 1)));
}
