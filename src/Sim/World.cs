using RlLab.Sim.Tracks;
using RlLab.Sim.Vehicles;

namespace RlLab.Sim;

/// <summary>
/// A track and the cars on it. An env drives car 0; <see cref="Traffic"/>, when set, holds the
/// other cars (IDM/MOBIL) and the obstacles, stepped and checked for collisions by the env.
/// </summary>
public sealed class World(Track track)
{
    public Track Track { get; set; } = track;
    public List<Car> Cars { get; } = [];
    /// <summary>The other road users and obstacles; null on an empty road.</summary>
    public Traffic.Traffic? Traffic { get; set; }
    /// <summary>Simulated seconds since the last <see cref="ResetTime"/>.</summary>
    public double Time { get; private set; }

    public Car AddCar(VehicleParams parameters, IVehicleModel model)
    {
        var car = new Car(parameters, model);
        Cars.Add(car);
        return car;
    }

    /// <summary>Places a car at arc position s with a lateral offset and a heading error.</summary>
    public void Place(Car car, double s, double offset = 0, double headingError = 0, double speed = 0)
    {
        var (x, y, h) = Track.PoseAt(s);
        car.State = new CarState
        {
            X = x - Math.Sin(h) * offset,
            Y = y + Math.Cos(h) * offset,
            Heading = Angles.Wrap(h + headingError),
            Speed = speed,
        };
    }

    public void ResetTime() => Time = 0;

    public void Step(double dt)
    {
        // A for loop over the list: foreach on List<T> is allocation-free too, but this reads plainly.
        for (int i = 0; i < Cars.Count; i++) Cars[i].Step(dt);
        Time += dt;
    }
}
