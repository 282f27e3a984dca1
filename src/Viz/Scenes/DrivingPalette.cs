namespace RlLab.Viz.Scenes;

using RlLab.Viz.Rendering;

/// <summary>The driving scene's colours; tests look for them on screen.</summary>
public static class DrivingPalette
{
    public static readonly Rgba Grass = Rgba.Hex(0x4E8A3E);
    public static readonly Rgba GrassLine = new(0, 0, 0, 18);
    public static readonly Rgba Asphalt = Rgba.Hex(0x3C3D41);
    public static readonly Rgba EdgeLine = Rgba.Hex(0xEDEDED);
    public static readonly Rgba CentreLine = new(230, 230, 230, 90);
    public static readonly Rgba KerbRed = Rgba.Hex(0xD32F2F);
    public static readonly Rgba KerbWhite = Rgba.Hex(0xF5F5F5);
    public static readonly Rgba Car = Rgba.Hex(0xE53935);
    public static readonly Rgba OtherCar = Rgba.Hex(0x1E88E5);
    public static readonly Rgba ParkedCar = Rgba.Hex(0xFDD835);
    public static readonly Rgba Cone = Rgba.Hex(0xFB8C00);
    public static readonly Rgba CarGlass = Rgba.Hex(0x263238);
    public static readonly Rgba Wheel = Rgba.Hex(0x111111);
    public static readonly Rgba Trail = new(120, 200, 255, 220);
    public static readonly Rgba RayNear = new(255, 70, 220, 200);
    public static readonly Rgba RayFar = new(255, 255, 255, 90);
}
