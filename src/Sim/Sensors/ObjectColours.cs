using RlLab.Sim.Traffic;

namespace RlLab.Sim.Sensors;

/// <summary>The packed pixels of the road object kinds for one episode's palette and channel count.</summary>
public readonly record struct ObjectColours(uint Car, uint ParkedCar, uint Cone)
{
    public static ObjectColours From(Palette palette, int channels) =>
        new(Palette.Pixel(palette.OtherCar, channels), Palette.Pixel(palette.ParkedCar, channels), Palette.Pixel(palette.Cone, channels));

    public uint Of(RoadObjectKind kind) => kind switch
    {
        RoadObjectKind.ParkedCar => ParkedCar,
        RoadObjectKind.Cone => Cone,
        _ => Car,
    };
}
