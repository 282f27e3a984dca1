using RlLab.Sim.Sensors;
using RlLab.Sim.Tracks;

namespace RlLab.Envs.Tests.Sim;

public class LidarTests
{
    [Fact]
    public void OnAStraight_SideRaysSeeTheEdges_ForwardRayReachesMaxRange()
    {
        Track t = TestTracks.Oval;
        var lidar = new Lidar(3, Math.PI, 30);    // right, ahead, left
        var d = new float[3];
        lidar.Scan(t, 110, -40, 0, d);
        Assert.Equal(2.0, d[0], 0.1);
        Assert.Equal(30.0, d[1], 1e-4);
        Assert.Equal(2.0, d[2], 0.1);
        lidar.Scan(t, 110, -39, 0, d);            // 1 m left of the centre
        Assert.Equal(3.0, d[0], 0.1);
        Assert.Equal(1.0, d[2], 0.1);
    }

    [Fact]
    public void AngledRay_HitsAtOffsetOverSine()
    {
        Track t = TestTracks.Oval;
        var lidar = new Lidar(32, Math.PI, 30);
        var d = new float[32];
        lidar.Scan(t, 110, -40, 0, d);
        for (int i = 0; i < 32; i++)
        {
            double a = lidar.Angles[i];
            double expected = Math.Abs(Math.Sin(a)) < 1e-9 ? 30 : Math.Min(30, 2.0 / Math.Abs(Math.Sin(a)));
            Assert.True(Math.Abs(d[i] - expected) < 0.1 + 0.03 * expected, $"ray {i} at {a:F2}: {d[i]} vs {expected}");
        }
    }

    [Fact]
    public void OffTheRoad_AllRaysAreZero()
    {
        var lidar = new Lidar(9, Math.PI, 30);
        var d = new float[9];
        lidar.Scan(TestTracks.Oval, 110, -45, 0, d);
        Assert.All(d, v => Assert.Equal(0f, v));
    }
}
