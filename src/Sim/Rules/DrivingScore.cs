namespace RlLab.Sim.Rules;

/// <summary>
/// The CARLA leaderboard's driving score (Leaderboard 2.0, leaderboard.carla.org): route completion
/// × Π over infractions of the infraction's coefficient. Its coefficients: collision with a
/// pedestrian 0.50, with a vehicle 0.60, with a static element 0.65, running a red light 0.70,
/// running a stop sign 0.80. Our world has no pedestrians, lights or signs, so two apply as they
/// are; the other two are mapped:
/// <list type="bullet">
/// <item>leaving the road counts as a collision with a static element (0.65): our road edge stands for
/// CARLA's kerbs, barriers and roadside objects, which is what a car leaving a real road hits;</item>
/// <item>driving against the lane direction gets no coefficient (1.0), as in CARLA, where driving
/// outside the route's lanes only removes that distance from the route completion; our route
/// completion already counts only progress in the lane direction.</item>
/// </list>
/// </summary>
public static class DrivingScore
{
    public const double CollisionPedestrian = 0.50, CollisionVehicle = 0.60, CollisionStatic = 0.65, RedLight = 0.70, StopSign = 0.80;
    public const double Offroad = CollisionStatic, WrongWay = 1.0;

    public static double Penalty(int vehicle, int staticCollisions, int offroad, int wrongWay) =>
        Math.Pow(CollisionVehicle, vehicle) * Math.Pow(CollisionStatic, staticCollisions) * Math.Pow(Offroad, offroad) * Math.Pow(WrongWay, wrongWay);

    /// <param name="routeCompletion">The fraction of the route driven, in [0, 1].</param>
    public static double Score(double routeCompletion, double penalty) => Math.Clamp(routeCompletion, 0, 1) * penalty;
}
