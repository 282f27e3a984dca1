using RlLab.Sim.Rules;

namespace RlLab.Envs.Tests.Sim;

public class RulesTests
{
    [Fact]
    public void CrashRule_FiresExactlyPastItsThresholds()
    {
        var rule = new CrashRule();
        Assert.Equal(2.0, rule.MaxOffset);
        Assert.Equal(Math.PI / 10, rule.MaxHeadingError);
        Assert.Equal(CrashCause.None, rule.Check(2.0, 0));
        Assert.Equal(CrashCause.None, rule.Check(-2.0, 0));
        Assert.Equal(CrashCause.Offroad, rule.Check(Math.BitIncrement(2.0), 0));
        Assert.Equal(CrashCause.Offroad, rule.Check(Math.BitDecrement(-2.0), 0));
        Assert.Equal(CrashCause.None, rule.Check(0, Math.PI / 10));
        Assert.Equal(CrashCause.None, rule.Check(0, -Math.PI / 10));
        Assert.Equal(CrashCause.Heading, rule.Check(0, Math.BitIncrement(Math.PI / 10)));
        Assert.Equal(CrashCause.Heading, rule.Check(1.9, -0.32));
        var custom = new CrashRule(1.0, 0.5);
        Assert.Equal(CrashCause.Offroad, custom.Check(1.01, 0));
        Assert.Equal(CrashCause.None, custom.Check(0.99, 0.49));
        Assert.Equal("offroad", CrashRule.Describe(CrashCause.Offroad));
        Assert.Equal("heading", CrashRule.Describe(CrashCause.Heading));
    }

    [Fact]
    public void LapCounter_CountsLapsAcrossTheLineAndIgnoresReversing()
    {
        var laps = new LapCounter();
        laps.Reset(100, 0);
        double time = 0;
        void Drive(double from, double to, double step)
        {
            for (double s = from; step > 0 ? s <= to : s >= to; s += step)
                laps.Update(((s % 100) + 100) % 100, time += 1);
        }
        Drive(1, 99, 1);            // almost one lap
        Assert.Equal(0, laps.Laps);
        Drive(100, 105, 1);         // over the line
        Assert.Equal(1, laps.Laps);
        Assert.Equal(100, laps.LastLapTime);
        Drive(104, 90, -1);         // back over the line...
        Drive(91, 110, 1);          // ...and forward again: still the same lap
        Assert.Equal(1, laps.Laps);
        Drive(111, 200, 1);
        Assert.Equal(2, laps.Laps);
        Assert.Equal(200, laps.MaxProgress, 6);
        Assert.Equal(100, laps.BestLapTime);
        Assert.True(laps.LastLapTime > 100);
    }
}
