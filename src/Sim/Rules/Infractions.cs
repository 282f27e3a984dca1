namespace RlLab.Sim.Rules;

/// <summary>
/// The infractions of one episode, each counted when it starts (a car that stays off the road
/// counts once): collisions with another car and with a static obstacle, leaving the road
/// (|offset| past the road's half width) and driving against the lane direction (|heading error| &gt; π/2).
/// The counts cover the whole episode (so rates per km use all the distance driven); the driving
/// score's penalty takes only those before the route (one lap) is complete.
/// </summary>
public sealed class Infractions
{
    bool _offroad, _wrongWay;
    double _penalty = 1;

    public int CollisionsVehicle { get; private set; }
    public int CollisionsStatic { get; private set; }
    public int Offroad { get; private set; }
    public int WrongWay { get; private set; }

    public void Reset()
    {
        CollisionsVehicle = CollisionsStatic = Offroad = WrongWay = 0;
        _offroad = _wrongWay = false;
        _penalty = 1;
    }

    /// <summary>Feeds the state after a step.</summary>
    /// <param name="collision">The collision of this step, if any (the episode ends on one).</param>
    /// <param name="inRoute">False once the route is complete: as in CARLA, where the route ends there, later events cost the score nothing.</param>
    public void Update(double offset, double halfWidth, double headingError, CrashCause collision, bool inRoute = true)
    {
        bool off = Math.Abs(offset) > halfWidth, wrong = Math.Abs(headingError) > Math.PI / 2;
        int vehicle = collision == CrashCause.CollisionVehicle ? 1 : 0, stat = collision == CrashCause.CollisionStatic ? 1 : 0;
        int offroad = off && !_offroad ? 1 : 0, wrongWay = wrong && !_wrongWay ? 1 : 0;
        CollisionsVehicle += vehicle;
        CollisionsStatic += stat;
        Offroad += offroad;
        WrongWay += wrongWay;
        if (inRoute && vehicle + stat + offroad + wrongWay > 0) _penalty *= DrivingScore.Penalty(vehicle, stat, offroad, wrongWay);
        _offroad = off;
        _wrongWay = wrong;
    }

    /// <summary>The product of the penalty coefficients of the infractions within the route (<see cref="DrivingScore"/>).</summary>
    public double Penalty => _penalty;
}
