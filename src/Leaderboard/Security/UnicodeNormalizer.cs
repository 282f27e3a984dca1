using System.Runtime.InteropServices;

namespace RlLab.Leaderboard.Security;

/// <summary>
/// NFC and NFKD through the system's ICU. RlLab runs with invariant globalization (faster start-up),
/// where <see cref="string.Normalize()"/> leaves non-ASCII text as it is, so names are normalised
/// here. Without ICU (not a Debian install), <see cref="Available"/> is false and callers refuse
/// combining marks instead, so that no two spellings of one name can both exist.
/// </summary>
public static unsafe class UnicodeNormalizer
{
    // UNormalizer2* unorm2_getNFCInstance(UErrorCode*); int32_t unorm2_normalize(const UNormalizer2*, const UChar*, int32_t, UChar*, int32_t, UErrorCode*)
    static readonly IntPtr GetNfc, GetNfkd, Run;

    static UnicodeNormalizer()
    {
        // ICU suffixes its symbols with its major version; probe the versions Debian and others ship.
        for (int v = 90; v >= 50; v--)
        {
            if (!NativeLibrary.TryLoad($"libicuuc.so.{v}", out IntPtr lib)) continue;
            if (NativeLibrary.TryGetExport(lib, $"unorm2_getNFCInstance_{v}", out GetNfc)
                && NativeLibrary.TryGetExport(lib, $"unorm2_getNFKDInstance_{v}", out GetNfkd)
                && NativeLibrary.TryGetExport(lib, $"unorm2_normalize_{v}", out Run))
                return;
        }
        GetNfc = GetNfkd = Run = IntPtr.Zero;
    }

    public static bool Available => Run != IntPtr.Zero;

    public static string ToNfc(string s) => Apply(s, GetNfc);

    public static string ToNfkd(string s) => Apply(s, GetNfkd);

    static string Apply(string s, IntPtr getInstance)
    {
        if (!Available || s.All(char.IsAscii)) return s;
        int error = 0;
        IntPtr normalizer = ((delegate* unmanaged<int*, IntPtr>)getInstance)(&error);
        if (error > 0 || normalizer == IntPtr.Zero) return s;
        var dest = new char[s.Length * 4 + 16];
        int n;
        fixed (char* src = s)
        fixed (char* dst = dest)
            n = ((delegate* unmanaged<IntPtr, char*, int, char*, int, int*, int>)Run)(normalizer, src, s.Length, dst, dest.Length, &error);
        // error > 0 is a failure; negative values are warnings (an unterminated result, which the length covers).
        return error > 0 ? s : new string(dest, 0, n);
    }
}
