namespace RlLab.Viz.Input;

/// <summary>
/// Turns held keys into a person's driving action. Steering eases towards full lock and back, as a
/// keyboard is all-or-nothing and a car is not; the throttle follows the keys at once.
/// Steer: +1 full left, −1 full right. Throttle: +1 full power, −1 full brake.
/// </summary>
public sealed class DriverInput(double steerRatePerSecond = 3.0)
{
    public float Steer { get; private set; }
    public float Throttle { get; private set; }

    /// <summary>Reads the keys through <paramref name="isDown"/> (the window's key state, or a test's).</summary>
    public void Update(double seconds, Func<Key, bool> isDown)
    {
        int left = isDown(Key.Left) || isDown(Key.A) ? 1 : 0;
        int right = isDown(Key.Right) || isDown(Key.D) ? 1 : 0;
        int up = isDown(Key.Up) || isDown(Key.W) ? 1 : 0;
        int down = isDown(Key.Down) || isDown(Key.S) ? 1 : 0;

        float target = left - right;
        float maxDelta = (float)(steerRatePerSecond * seconds);
        Steer += Math.Clamp(target - Steer, -maxDelta, maxDelta);
        Throttle = up - down;
    }

    public void Reset() => (Steer, Throttle) = (0, 0);
}
