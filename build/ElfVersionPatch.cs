// Marks one required symbol version of an ELF64 shared library as weak (VER_FLG_WEAK).
//
// Why: libLibTorchSharp.so from TorchSharp 0.107 requires GLIBCXX_3.4.32, which Debian 12's
// libstdc++ (up to 3.4.30) lacks. It needs that version for a single marker symbol
// (_ZSt21ios_base_library_initv) that is never called. A weak version requirement lets the
// dynamic loader accept the library when the version is absent.
//
// This one file is compiled twice: by MSBuild as an inline task (build/TorchSharpFix.targets)
// and by the tests, which define RLLAB_NO_MSBUILD to leave the task wrapper out.
// It keeps to C# 7.3 and netstandard2.0 APIs because the inline-task compiler requires it.
using System;
using System.IO;
using System.Text;

namespace RlLab.Build
{
    public enum ElfPatchResult
    {
        /// <summary>The flag was set by this call.</summary>
        Patched,
        /// <summary>The requirement was already weak; nothing was written.</summary>
        AlreadyWeak,
        /// <summary>The file does not require that version.</summary>
        NotRequired,
    }

    public static class ElfVersionPatch
    {
        const uint ShtGnuVerneed = 0x6ffffffe;
        const ushort VerFlgWeak = 0x2;

        /// <summary>Sets VER_FLG_WEAK on every Vernaux entry named <paramref name="version"/>.</summary>
        public static ElfPatchResult MakeVersionWeak(string path, string version)
        {
            byte[] elf = File.ReadAllBytes(path);
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException(path + ": not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException(path + ": only little-endian ELF64 is supported");

            long shoff = (long)U64(elf, 0x28);
            int shentsize = U16(elf, 0x3A);
            int shnum = U16(elf, 0x3C);

            bool found = false, changed = false;
            for (int i = 0; i < shnum; i++)
            {
                long sh = shoff + (long)i * shentsize;
                if (U32(elf, sh + 4) != ShtGnuVerneed) continue;

                long offset = (long)U64(elf, sh + 0x18);
                uint link = U32(elf, sh + 0x28);     // index of the string table section
                uint count = U32(elf, sh + 0x2C);    // number of Verneed entries
                long strtab = (long)U64(elf, shoff + (long)link * shentsize + 0x18);

                long need = offset;
                for (uint n = 0; n < count; n++)
                {
                    int auxCount = U16(elf, need + 2);
                    long aux = need + U32(elf, need + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        string name = CString(elf, strtab + U32(elf, aux + 8));
                        if (name == version)
                        {
                            found = true;
                            int flags = U16(elf, aux + 4);
                            if ((flags & VerFlgWeak) == 0)
                            {
                                flags |= VerFlgWeak;
                                elf[aux + 4] = (byte)flags;
                                elf[aux + 5] = (byte)(flags >> 8);
                                changed = true;
                            }
                        }
                        uint next = U32(elf, aux + 12);
                        if (next == 0) break;
                        aux += next;
                    }
                    uint nextNeed = U32(elf, need + 12);
                    if (nextNeed == 0) break;
                    need += nextNeed;
                }
            }

            if (!found) return ElfPatchResult.NotRequired;
            if (!changed) return ElfPatchResult.AlreadyWeak;

            // Write beside and rename, so an interrupted build never leaves a torn library.
            string tmp = path + ".rllab-tmp";
            File.WriteAllBytes(tmp, elf);
            File.Copy(tmp, path, true);
            File.Delete(tmp);
            return ElfPatchResult.Patched;
        }

        static ushort U16(byte[] b, long o) { return (ushort)(b[o] | b[o + 1] << 8); }
        static uint U32(byte[] b, long o) { return (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24); }
        static ulong U64(byte[] b, long o) { return U32(b, o) | (ulong)U32(b, o + 4) << 32; }

        static string CString(byte[] b, long o)
        {
            long end = o;
            while (end < b.Length && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)o, (int)(end - o));
        }
    }

#if !RLLAB_NO_MSBUILD
    /// <summary>MSBuild task: patches every libLibTorchSharp.so below a folder.</summary>
    public sealed class PatchTorchSharpNative : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string Directory { get; set; }

        public override bool Execute()
        {
            if (!System.IO.Directory.Exists(Directory)) return true;
            foreach (string file in System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories))
            {
                ElfPatchResult result = ElfVersionPatch.MakeVersionWeak(file, "GLIBCXX_3.4.32");
                if (result == ElfPatchResult.Patched)
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "rllab: made GLIBCXX_3.4.32 weak in " + file);
            }
            return true;
        }
    }
#endif
}
