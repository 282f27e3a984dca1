using CsCheck;
using RlLab.Envs.Spaces;

namespace RlLab.Envs.Tests.Spaces;

public class SpaceTests
{
    static readonly Box Action = new([-1f, 0f], [1f, 2f], [2]);

    [Theory]
    [InlineData(0f, 1f, true)]
    [InlineData(-1f, 0f, true)]     // bounds are inclusive
    [InlineData(1f, 2f, true)]
    [InlineData(1.0001f, 1f, false)]
    [InlineData(0f, -0.1f, false)]
    [InlineData(float.NaN, 1f, false)]
    public void Box_contains_checks_each_bound(float a, float b, bool expected) =>
        Assert.Equal(expected, Action.Contains([a, b]));

    [Fact]
    public void Box_contains_rejects_the_wrong_length() => Assert.False(Action.Contains([0f]));

    [Fact]
    public void Box_clip_clamps_each_element_to_its_own_bounds()
    {
        float[] x = [-5f, 5f];
        Action.Clip(x);
        Assert.Equal([-1f, 2f], x);
        float[] inside = [0.25f, 1.5f];
        Action.Clip(inside);
        Assert.Equal([0.25f, 1.5f], inside);
    }

    [Fact]
    public void Clipped_values_are_always_contained() =>
        Gen.Float[-10f, 10f].Array[2].Sample(x =>
        {
            Action.Clip(x);
            Assert.True(Action.Contains(x));
        });

    [Fact]
    public void Box_shape_and_bounds_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new Box([0f], [1f, 2f], [2]));
        Box image = Box.Image(4, 5, 3);
        Assert.Equal([4, 5, 3], image.Shape);
        Assert.Equal(60, image.FlatSize);
        Assert.Equal(DType.UInt8, image.DType);
        Assert.Equal(Box.Image(4, 5, 3), image);          // value equality
        Assert.NotEqual(Box.Image(4, 5, 1), image);
    }

    [Theory]
    [InlineData(0f, true)]
    [InlineData(2f, true)]
    [InlineData(3f, false)]
    [InlineData(-1f, false)]
    [InlineData(1.5f, false)]
    public void Discrete_contains_integers_below_n(float action, bool expected) =>
        Assert.Equal(expected, new Discrete(3).Contains(action));

    [Fact]
    public void Discrete_is_a_scalar() => Assert.Equal(1, new Discrete(7).FlatSize);

    [Fact]
    public void Spaces_print_compactly()
    {
        Assert.Equal("Box(4x5x3, uint8)", Box.Image(4, 5, 3).ToString());
        Assert.Equal("Box(2, float32)", Action.ToString());
        Assert.Equal("Discrete(3)", new Discrete(3).ToString());
    }
}
